package io.liliflora.order.catalog;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import java.time.Duration;

/**
 * What a shopper gets when a dependency cannot be used (down, slow, breaker open): a 503
 * problem with Retry-After, never a hung request or a 500. The Retry-After is the breaker's delay.
 */
public final class CatalogUnavailable {

    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private CatalogUnavailable() {
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(new Problem("service-unavailable", "Service unavailable", 503, detail), RETRY_AFTER);
    }

    /** True for the 503 this service made up itself: the dependency may or may not have acted. */
    public static boolean isUnavailable(ProblemException e) {
        return e.problem().getStatus() >= 500;
    }
}
