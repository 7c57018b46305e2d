package io.liliflora.catalog.stock;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import redis.clients.jedis.UnifiedJedis;

/**
 * The stock engine outside Liberty, on the real MariaDB (a schema of its own, migrated with the
 * service's own migrations) and the real Redis: for tests that need to stop a lock holder at a
 * precise point, and for the benchmark.
 */
public final class EngineFixture {

    public final DataSource dataSource;
    public final UnifiedJedis redis;
    public final StockKeys keys;

    public EngineFixture(DataSource dataSource, UnifiedJedis redis, String keyPrefix) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.keys = new StockKeys(keyPrefix);
    }

    /**
     * A fixture of its own for one test class: schema {@code catalog_<name>} made afresh, keys
     * {@code lili:catalog-<name>-test:*} cleared.
     */
    public static EngineFixture fresh(String name, UnifiedJedis redis) throws SQLException {
        String prefix = "lili:catalog-" + name + "-test:";
        redis.keys(prefix + "*").forEach(redis::del);
        return new EngineFixture(schema("catalog_" + name), redis, prefix);
    }

    /** A fresh schema {@code <it.db.prefix><name>} migrated to the newest version. */
    public static MysqlDataSource schema(String name) throws SQLException {
        String schema = System.getProperty("it.db.prefix", "liliflora_it_") + name;
        MysqlDataSource root = source("");
        try (Connection c = root.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DROP DATABASE IF EXISTS " + schema);
            s.executeUpdate("CREATE DATABASE " + schema);
        }
        MysqlDataSource ds = source(schema);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/catalog")
                .load().migrate();
        return ds;
    }

    private static MysqlDataSource source(String schema) throws SQLException {
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl("jdbc:mysql://127.0.0.1:3306/" + schema);
        ds.setUser("root");
        ds.setPassword("");
        ds.setUseSSL(false);
        ds.setAllowPublicKeyRetrieval(true);
        ds.setRewriteBatchedStatements(true);
        ds.setAllowMultiQueries(true);
        return ds;
    }

    public StockEngine engine(Duration lease, Duration lockWait) {
        return engine(lease, lockWait, StockEngine.Settings.defaults().writesInFlight());
    }

    public StockEngine engine(Duration lease, Duration lockWait, int writesInFlight) {
        return new StockEngine(new StockLock(redis, keys, lease, lockWait), new StockScripts(redis, keys, java.time.Duration.ofHours(24)),
                new StockLedger(dataSource), new StockEngine.Settings(lease, lockWait, 512, Duration.ofSeconds(30), 4, writesInFlight,
                        StockEngine.Settings.defaults().termsMaxAge()),
                Clock.systemUTC());
    }

    /** A product with this stock in the ledger; hot counters are built by the engine. */
    public long product(String saleType, long stock, Integer perUserLimit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO product (name, description, category, price,"
                    + " sale_type, opens_at, per_user_limit) VALUES ('Bench rose', '', 'bench', 1000, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, saleType);
                p.setObject(2, "RESERVATION".equals(saleType) ? java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)) : null);
                p.setObject(3, perUserLimit);
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO product_stock (product_id, total, available) VALUES (?, ?, ?)")) {
                s.setLong(1, id);
                s.setLong(2, stock);
                s.setLong(3, stock);
                s.executeUpdate();
            }
            return id;
        }
    }

    /**
     * The ledger alone, no Redis and no engine: {@code threads} writers each commit batches of
     * {@code batch} fresh reservations of one product through {@link StockLedger#write} for
     * {@code duration}. Returns committed batches per second: the most the engine could reach
     * on this machine with batches of that size.
     */
    public double ledgerBatchesPerSecond(long productId, int threads, int batch, Duration duration) throws Exception {
        StockLedger ledger = new StockLedger(dataSource);
        AtomicLong written = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> writers = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int writer = t;
            Thread thread = new Thread(() -> {
                try (Connection c = ledger.connect()) {
                    for (long n = 0; System.nanoTime() < end; n++) {
                        StockLedger.Changes changes = new StockLedger.Changes();
                        for (int i = 0; i < batch; i++) {
                            String order = "ceiling-" + System.nanoTime() + "-" + writer + "-" + i;
                            changes.created.add(new StockLedger.Recorded(order, "ceiling-" + i, "RESERVED",
                                    List.of(new StockOutcome.ReservedItem(productId, "Bench rose", 1000, 1)), false));
                        }
                        changes.stock(productId, 0, -batch, batch, 0);
                        if (ledger.write(c, Map.of(productId, 0L), changes)) {
                            written.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            writers.add(thread);
        }
        for (Thread thread : writers) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return written.get() / (duration.toNanos() / 1e9);
    }

    public StockLedger.Counters ledger(long productId) throws SQLException {
        return new StockLedger(dataSource).counters(productId).orElseThrow();
    }
}
