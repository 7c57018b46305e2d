package io.liliflora.drills;

import io.liliflora.drills.rig.LibertyServer;
import io.liliflora.drills.rig.MariaDbServer;
import io.liliflora.drills.rig.Processes;
import io.liliflora.drills.rig.RedisServer;
import io.liliflora.drills.rig.TcpProxy;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a drill runs against, all of it the drills' own: a Redis and a MariaDB on their own
 * ports and data directories, the EAR on one Liberty server and (for the lock drills) a second
 * catalog server. The shop reaches Redis, MariaDB and its catalog through {@link TcpProxy}s so
 * links can be slowed, silenced or closed.
 */
final class Rig {

    record Ports(int shopHttp, int shopHttps, int catalogHttp, int catalogHttps, int catalogLink,
                 int redis, int redisLink, int db, int dbLink) {
    }

    final Path root;
    final Path work;
    final Ports ports;
    final RedisServer redis;
    final MariaDbServer mariadb;
    final TcpProxy redisLink;
    final TcpProxy dbLink;
    /** The second catalog server's own link to MariaDB, so a drill can slow that server alone. */
    final TcpProxy secondCatalogDbLink;
    final TcpProxy catalogLink;
    final LibertyServer shop;
    final LibertyServer secondCatalog;
    final Http anonymous;
    /** Signed with the dev key the shop generates at its first start, so only after {@link #up}. */
    Http admin;
    final Duration paymentWindow;

    Rig(Path root, Ports ports, Duration paymentWindow) {
        this.root = root;
        this.work = root.resolve("target/drills");
        this.ports = ports;
        this.paymentWindow = paymentWindow;
        redis = new RedisServer(ports.redis, work.resolve("redis"));
        mariadb = new MariaDbServer(ports.db, work.resolve("mariadb"));
        redisLink = new TcpProxy("redis", ports.redisLink, ports.redis);
        dbLink = new TcpProxy("mariadb", ports.dbLink, ports.db);
        secondCatalogDbLink = new TcpProxy("mariadb-2", ports.dbLink + 1, ports.db);
        catalogLink = new TcpProxy("catalog", ports.catalogLink, ports.shopHttp);
        shop = new LibertyServer(root, "drills", ports.shopHttp, env(ports.shopHttp, ports.shopHttps, ports.dbLink));
        secondCatalog = new LibertyServer(root, "drills-catalog", ports.catalogHttp,
                env(ports.catalogHttp, ports.catalogHttps, ports.dbLink + 1));
        anonymous = Http.at("http://127.0.0.1:" + ports.shopHttp);
    }

    private Map<String, String> env(int http, int https, int dbPort) {
        Map<String, String> env = new HashMap<>();
        env.put("LILIFLORA_HTTP_PORT", Integer.toString(http));
        env.put("LILIFLORA_HTTPS_PORT", Integer.toString(https));
        env.put("LILIFLORA_DB_HOST", "127.0.0.1");
        env.put("LILIFLORA_DB_PORT", Integer.toString(dbPort));
        env.put("LILIFLORA_DB_USER", "root");
        env.put("LILIFLORA_DB_PASSWORD", "");
        env.put("LILIFLORA_DB_SCHEMA_PREFIX", "liliflora_");
        env.put("LILIFLORA_REDIS_URL", "redis://127.0.0.1:" + ports.redisLink + "/0");
        env.put("LILIFLORA_SERVICES_BASE_URL", "http://127.0.0.1:" + ports.shopHttp);
        env.put("CATALOG_API_MP_REST_URL", "http://127.0.0.1:" + ports.catalogLink + "/catalog");
        env.put("LILIFLORA_MAIL_SINK", "directory");
        env.put("LILIFLORA_MAIL_SINK_DIR", work.resolve("mail").toString());
        env.put("LILIFLORA_ORDER_PAYMENT_WINDOW", paymentWindow.toString());
        env.put("LILIFLORA_ORDER_STOCK_RETRY_INTERVAL", "PT1S");
        env.put("LILIFLORA_ORDER_PLACEMENT_GUARD", "PT1M");
        return env;
    }

    /** The products of the running drill (the drop and the probe), for faults that watch their hot copies. */
    volatile List<Long> drillProducts = List.of();

    /**
     * Waits until a hot copy of a drill product carries the same dirty mark (a holder's write
     * applied in Redis, not yet committed to the ledger) for {@code held}; false after {@code limit}.
     */
    boolean awaitUnconfirmedWrite(Duration held, Duration limit) {
        try (UnifiedJedis redis = RedisClient.create("redis://127.0.0.1:" + ports.redis + "/0")) {
            long deadline = System.nanoTime() + limit.toNanos();
            Map<Long, String> seen = new HashMap<>();
            Map<Long, Long> since = new HashMap<>();
            while (System.nanoTime() < deadline) {
                for (long product : drillProducts) {
                    String dirty = redis.hget("lili:catalog:stock:" + product, "dirty");
                    if (dirty == null || !dirty.equals(seen.get(product))) {
                        seen.put(product, dirty);
                        since.put(product, System.nanoTime());
                    } else if (System.nanoTime() - since.get(product) >= held.toNanos()) {
                        return true;
                    }
                }
                Processes.pause(Duration.ofMillis(10));
            }
            return false;
        }
    }

    void up(boolean withSecondCatalog) {
        try {
            if (Files.exists(work.resolve("mariadb"))) {
                deleteTree(work.resolve("mariadb"));
            }
            deleteTree(work.resolve("redis"));
            deleteTree(work.resolve("mail"));
            Files.createDirectories(work.resolve("mail"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        log("starting Redis on " + ports.redis + " and MariaDB on " + ports.db + " (fresh data directory)");
        redis.start();
        mariadb.install();
        mariadb.start();
        redisLink.start();
        dbLink.start();
        secondCatalogDbLink.start();
        catalogLink.start();
        log("starting the shop (EAR) on " + ports.shopHttp);
        shop.prepare(root.resolve("liliflora-ear/target/liliflora.ear"));
        shop.start(Duration.ofMinutes(4));
        if (withSecondCatalog) {
            log("starting a second catalog server on " + ports.catalogHttp);
            secondCatalog.prepare(root.resolve("catalog-war/target/catalog.war"));
            secondCatalog.start(Duration.ofMinutes(4));
            catalogLink.addUpstream(ports.catalogHttp);
        }
        admin = anonymous.withToken(TestTokens.sign("drills-admin", List.of("USER", "ADMIN"), Duration.ofHours(12)));
    }

    /** Stops what this rig started (each by its own pid), also when the driver is interrupted. */
    void down() {
        for (Runnable stop : List.<Runnable>of(secondCatalog::resume, secondCatalog::stop, shop::stop, catalogLink::stop,
                redisLink::stop, dbLink::stop, secondCatalogDbLink::stop, redis::stop, mariadb::stop)) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                log("while stopping: " + e.getMessage());
            }
        }
    }

    static void log(String line) {
        System.out.printf("[drills %tT] %s%n", System.currentTimeMillis(), line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
