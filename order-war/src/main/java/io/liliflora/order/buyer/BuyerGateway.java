package io.liliflora.order.buyer;

import io.liliflora.order.Order;
import io.liliflora.order.catalog.CatalogUnavailable;
import io.liliflora.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.Initialized;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The buyer's shipping details from user-war; a read, so retrying is safe. */
@ApplicationScoped
public class BuyerGateway {

    @Inject
    @RestClient
    BuyerApi users;

    /**
     * Builds the REST client at application start, on a thread that sees CDI. Built lazily, the
     * first call could come from a timer or executor thread after a restart, where RESTEasy
     * builds it without CDI and its header factory loses its injected service token.
     */
    void buildClientAtStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        users.toString();
    }

    /** The shipping details of many buyers at once, by user id; unknown users are absent. */
    @Timeout(6500)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            abortOn = {ProblemException.class, CircuitBreakerOpenException.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            skipOn = ProblemException.class)
    @Fallback(fallbackMethod = "shippingAllUnavailable", skipOn = ProblemException.class)
    public Map<String, Order.Shipping> shippingAll(Collection<Long> userIds) {
        Map<String, Order.Shipping> found = new HashMap<>();
        for (BuyerApi.ShippingDetails d : users.shippingAll(new BuyerApi.ShippingQuery(List.copyOf(userIds))).items()) {
            found.put(String.valueOf(d.id()), new Order.Shipping(d.name(), d.phone(), d.address()));
        }
        return found;
    }

    Map<String, Order.Shipping> shippingAllUnavailable(Collection<Long> userIds) {
        throw CatalogUnavailable.unavailable("Accounts are not reachable right now; try again shortly");
    }
}
