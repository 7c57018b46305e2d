package io.liliflora.platform.problem;

import java.net.ConnectException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Recognises a dependency that is down or too slow (Redis, the database) behind whatever wrapper
 * the failure arrives in. SPEC answers that with 503 + Retry-After: the request was fine and a
 * retry will work once the dependency is back; a 500 would tell the client it was our bug.
 */
final class DependencyOutage {

    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(2);

    private DependencyOutage() {
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    static Problem problem() {
        return new Problem("service-unavailable", "Service unavailable", 503,
                "A service the shop depends on is unavailable for a moment; retry shortly");
    }
}
