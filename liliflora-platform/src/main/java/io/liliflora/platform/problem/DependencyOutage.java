package io.liliflora.platform.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Recognises a dependency that is down or too slow (Redis, the database) behind whatever wrapper
 * the failure arrives in. SPEC answers that with 503 + Retry-After: the request was fine and a
 * retry will work once the dependency is back; a 500 would tell the client it was our bug.
 */
final class DependencyOutage {

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private DependencyOutage() {
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || isConnectionState(t)) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08, connection exception: the pool handed out a connection the database has since closed. */
    private static boolean isConnectionState(Throwable t) {
        return t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }

    static Problem problem() {
        return new Problem("service-unavailable", "Service unavailable", 503,
                "A service the shop depends on is unavailable for a moment; retry shortly");
    }
}
