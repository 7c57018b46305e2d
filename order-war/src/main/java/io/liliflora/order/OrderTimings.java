package io.liliflora.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The status machine's durations (ISO-8601), each an operator setting with the SPEC's default. */
@ApplicationScoped
public class OrderTimings {

    @Inject
    @ConfigProperty(name = "liliflora.order.payment-window", defaultValue = "PT10M")
    Duration paymentWindow;

    @Inject
    @ConfigProperty(name = "liliflora.order.ship-after", defaultValue = "P1D")
    Duration shipAfter;

    @Inject
    @ConfigProperty(name = "liliflora.order.deliver-after", defaultValue = "P1D")
    Duration deliverAfter;

    @Inject
    @ConfigProperty(name = "liliflora.order.return-window", defaultValue = "P1D")
    Duration returnWindow;

    @Inject
    @ConfigProperty(name = "liliflora.order.return-complete-after", defaultValue = "P1D")
    Duration returnCompleteAfter;

    /**
     * How long a placement may take between reserving stock and storing the order. A release of
     * the reservation is queued for this long later before reserving; storing the order cancels
     * it. If this server dies in between, the release runs after the restart (or on another
     * server) and no unit stays reserved for an order that does not exist.
     */
    @Inject
    @ConfigProperty(name = "liliflora.order.placement-guard", defaultValue = "PT2M")
    Duration placementGuard;

    /** For tests and tools: timings without CDI. */
    public static OrderTimings of(Duration paymentWindow, Duration shipAfter, Duration deliverAfter,
                                  Duration returnWindow, Duration returnCompleteAfter) {
        OrderTimings timings = new OrderTimings();
        timings.paymentWindow = paymentWindow;
        timings.shipAfter = shipAfter;
        timings.deliverAfter = deliverAfter;
        timings.returnWindow = returnWindow;
        timings.returnCompleteAfter = returnCompleteAfter;
        timings.placementGuard = Duration.ofMinutes(2);
        return timings;
    }

    /**
     * How long after entering {@code status} its automatic step ({@link OrderStatus#automaticStep})
     * is due, or null when it has none.
     */
    public Duration untilAutomaticStep(OrderStatus status) {
        return switch (status) {
            case PAYMENT_PENDING -> paymentWindow;
            case PAID -> shipAfter;
            case SHIPPING -> deliverAfter;
            case RETURN_REQUESTED -> returnCompleteAfter;
            case DELIVERED, EXPIRED, CANCELLED, RETURNED -> null;
        };
    }

    public Duration paymentWindow() { return paymentWindow; }
    public Duration placementGuard() { return placementGuard; }
    public Duration shipAfter() { return shipAfter; }
    public Duration deliverAfter() { return deliverAfter; }
    public Duration returnWindow() { return returnWindow; }
    public Duration returnCompleteAfter() { return returnCompleteAfter; }
}
