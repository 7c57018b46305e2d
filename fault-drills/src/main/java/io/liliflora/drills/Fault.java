package io.liliflora.drills;

import io.liliflora.drills.rig.Processes;
import java.time.Duration;
import java.time.Instant;

/** The faults a drop really meets; each is injected once per run, mid-drop, and then removed. */
enum Fault {

    /** The control: the same drop with nothing injected (it also warms the servers up). */
    NONE("baseline", "no fault (control run)") {
        @Override
        Injection inject(Rig rig, int nth) {
            return new Injection("none", Instant.now());
        }
    },

    REDIS_KILL("redis-kill", "Redis killed (-9) and restarted empty") {
        @Override
        Injection inject(Rig rig, int nth) {
            rig.redis.kill();
            Processes.pause(Duration.ofSeconds(2));
            rig.redis.start();
            return new Injection("down 2 s", Instant.now());
        }
    },
    LIBERTY_KILL("liberty-kill", "the shop's Liberty server killed (-9) and restarted") {
        @Override
        Injection inject(Rig rig, int nth) {
            rig.shop.kill();
            Instant restarting = Instant.now();
            rig.shop.start(Duration.ofMinutes(4));
            return new Injection("restart took " + seconds(Duration.between(restarting, Instant.now())), restarting);
        }
    },
    MARIADB_RESTART("mariadb-restart", "MariaDB restarted (kill -9 or clean shutdown, alternating)") {
        @Override
        Injection inject(Rig rig, int nth) {
            boolean crash = nth % 2 == 0;
            if (crash) {
                rig.mariadb.kill();
            } else {
                rig.mariadb.stop();
            }
            rig.mariadb.start();
            return new Injection(crash ? "kill -9" : "clean restart", Instant.now());
        }
    },
    CATALOG_UNREACHABLE("catalog-unreachable", "the catalog unreachable from the order service for 8 s") {
        @Override
        Injection inject(Rig rig, int nth) {
            boolean silent = nth % 2 == 0;
            if (silent) {
                rig.catalogLink.silent();
            } else {
                rig.catalogLink.close();
            }
            Processes.pause(Duration.ofSeconds(8));
            rig.catalogLink.heal();
            return new Injection(silent ? "silent (black hole)" : "port closed", Instant.now());
        }
    },
    LOCK_HOLDER_PAUSE("lock-holder-pause", "a catalog server (lock holder) SIGSTOPped for 5 s, lease 2 s") {
        @Override
        Injection inject(Rig rig, int nth) {
            // Stock calls go to the second catalog server alone and its ledger link is slowed, so
            // it holds the lock and spends its batches between the Redis apply (which marks the
            // hot copy dirty with its fencing token) and the commit; the SIGSTOP waits for such a
            // mark, so it lands on the holder with a write in flight. The shop's catalog then
            // takes the lock after the lease and must rebuild from the ledger and fence it off.
            rig.secondCatalogDbLink.slow(250);
            rig.catalogLink.only(rig.ports.catalogHttp()); // order-war's stock calls go to the second server alone
            Processes.pause(Duration.ofMillis(1200)); // the shop's own catalog ends its lock tenure (at most half a lease)
            boolean caught = rig.awaitUnconfirmedWrite(Duration.ofMillis(150), Duration.ofSeconds(8));
            rig.secondCatalog.pause();
            rig.catalogLink.everyUpstream(); // and now to both again: the shop's catalog takes the lock after the lease
            Processes.pause(Duration.ofSeconds(5));
            rig.secondCatalog.resume();
            Instant resumed = Instant.now();
            rig.secondCatalogDbLink.heal();
            return new Injection("SIGSTOP 5 s, " + (caught ? "caught with a write in flight" : "no write in flight seen"), resumed);
        }

        /** In the opening rush, while the drop still has stock: then the other server needs the lock during the pause. */
        @Override
        Duration injectAfter(Duration usual) {
            return Duration.ZERO;
        }
    },
    SLOW_DEPENDENCIES("slow-deps", "added latency on the Redis or MariaDB link for 10 s") {
        @Override
        Injection inject(Rig rig, int nth) {
            String[] variants = {"redis +150 ms", "mariadb +150 ms", "redis +2500 ms", "mariadb +1500 ms"};
            String variant = variants[nth % variants.length];
            var link = variant.startsWith("redis") ? rig.redisLink : rig.dbLink;
            link.slow(Long.parseLong(variant.replaceAll("\\D", "")));
            Processes.pause(Duration.ofSeconds(10));
            link.heal();
            return new Injection(variant, Instant.now());
        }
    };

    /** What was done, and when the cause was removed (the dependency back, or the restart begun). */
    record Injection(String variant, Instant restored) {
    }

    final String id;
    final String description;

    Fault(String id, String description) {
        this.id = id;
        this.description = description;
    }

    abstract Injection inject(Rig rig, int nth);

    /** How long after the drop opens the fault is injected. */
    Duration injectAfter(Duration usual) {
        return usual;
    }

    static Fault byId(String id) {
        for (Fault f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault " + id);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
