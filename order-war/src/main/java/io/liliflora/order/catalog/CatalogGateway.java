package io.liliflora.order.catalog;

import io.liliflora.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.Initialized;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Every call order-war makes to the catalog, guarded. The client's read timeout
 * ({@code catalog-api/mp-rest/readTimeout}, 6 s) sits below {@link Timeout} because a
 * synchronous timeout does not interrupt a blocking read, and above the catalog's own bound on a
 * stock call (answer-timeout 5 s, then its own 503): giving up earlier only released, and asked
 * again for, reservations the catalog was still about to make. Every call here is idempotent by
 * orderId (or a read), so retrying is safe, but a timeout is not retried: the catalog is slow
 * and still working on the first call, and a retry would only add to its queue; business answers (out of stock, 404 ...) are
 * {@link ProblemException}s that neither retry nor count against the breaker. When the catalog
 * stays down the breaker opens and callers get a 503 problem with Retry-After at once. The
 * policies sit on the class: every method gets the same ones, and a breaker of its own.
 */
@ApplicationScoped
@Timeout(6500)
@Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {ProblemException.class, CircuitBreakerOpenException.class, TimeoutException.class})
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
        skipOn = ProblemException.class)
public class CatalogGateway {

    @Inject
    @RestClient
    CatalogApi catalog;

    /**
     * Builds the REST client at application start, on a thread that sees CDI. Built lazily, the
     * first call could come from a timer or executor thread after a restart, where RESTEasy
     * builds it without CDI and its header factory loses its injected service token.
     */
    void buildClientAtStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        catalog.toString();
    }

    /**
     * Reserves for a batch of placements; the answers come in the order asked. One whole-batch
     * failure (catalog down, timeout) is a 503 for every order of it: any of them may have landed.
     */
    @Fallback(fallbackMethod = "batchUnavailable", skipOn = ProblemException.class)
    public List<CatalogApi.Outcome> reserveAll(List<CatalogApi.ReservationRequest> requests) {
        return catalog.reserveAll(new CatalogApi.ReserveBatch(requests)).outcomes();
    }

    /** Confirms, releases and restocks of many orders in one call; answers in the order asked. */
    @Fallback(fallbackMethod = "transitionsUnavailable", skipOn = ProblemException.class)
    public List<CatalogApi.Outcome> transitionAll(List<CatalogApi.TransitionRequest> calls) {
        return catalog.transitionAll(new CatalogApi.TransitionBatch(calls)).outcomes();
    }

    /** Current name and price of each known product, by id; unknown ids are simply absent. */
    @Fallback(fallbackMethod = "productsUnavailable", skipOn = ProblemException.class)
    public Map<Long, CatalogApi.Product> products(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String list = ids.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
        List<CatalogApi.Product> found = catalog.products(list).items();
        return found.stream().collect(Collectors.toMap(CatalogApi.Product::id, Function.identity(), (a, b) -> a));
    }

    // Fallbacks: same signatures as the guarded methods, as MP Fault Tolerance requires.

    List<CatalogApi.Outcome> batchUnavailable(List<CatalogApi.ReservationRequest> requests) {
        throw CatalogUnavailable.unavailable("The catalog is not reachable right now; try again shortly");
    }

    List<CatalogApi.Outcome> transitionsUnavailable(List<CatalogApi.TransitionRequest> calls) {
        throw CatalogUnavailable.unavailable("The catalog is not reachable right now; try again shortly");
    }

    Map<Long, CatalogApi.Product> productsUnavailable(Collection<Long> ids) {
        throw CatalogUnavailable.unavailable("The catalog is not reachable right now; try again shortly");
    }
}
