package io.liliflora.order.stock;

import io.liliflora.order.BatchLine;
import io.liliflora.order.StockAction;
import io.liliflora.order.catalog.CatalogApi;
import io.liliflora.order.catalog.CatalogGateway;
import io.liliflora.platform.problem.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers the stock outbox to the catalog: right after a step commits (so a shopper's cancel
 * answers with the stock already back) and on a fixed delay for whatever failed, with backoff,
 * until it succeeds. The catalog's calls are idempotent by order id, so two servers delivering
 * the same row, or a retry of a call that did arrive, change nothing. Calls of one order go in
 * the order they were written (confirm before restock).
 */
@ApplicationScoped
public class StockRelay {

    private static final Logger LOG = Logger.getLogger(StockRelay.class.getName());

    @Inject
    StockOutbox outbox;

    @Inject
    CatalogGateway catalog;

    @Inject
    @ConfigProperty(name = "liliflora.order.stock-retry-interval", defaultValue = "PT5S")
    Duration interval;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "liliflora.order.stock-deliveries-in-flight", defaultValue = "2")
    int deliveriesInFlight;

    @Inject
    @ConfigProperty(name = "liliflora.order.stock-delivery-batch", defaultValue = "500")
    int deliveryBatch;

    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledFuture<?> sweep;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private BatchLine<String> deliveries;

    @PostConstruct
    void wire() {
        // A batch larger than the catalog's transition call takes would be refused whole.
        deliveryBatch = Math.min(deliveryBatch, CatalogApi.MAX_BATCH);
        deliveries = new BatchLine<>(scheduler, deliveriesInFlight, deliveryBatch, this::deliverWaiting);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long millis = Math.max(200, interval.toMillis());
        sweep = scheduler.scheduleWithFixedDelay(this::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    /** Delivers every pending call of one order now (a shopper's cancel waits for it); what fails stays queued. */
    public void deliver(String orderId) {
        try {
            deliverAll(outbox.pendingForAll(List.of(orderId), clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stock calls of order " + orderId + " stay queued: " + e);
        }
    }

    /** {@link #deliverLater(Collection)} of one order. */
    public void deliverLater(String orderId) {
        deliverLater(List.of(orderId));
    }

    /**
     * Delivers these orders' calls on another thread (after a timer step, a payment or a failed
     * placement committed), batched: whatever orders are waiting go to the catalog in one call,
     * at most {@code liliflora.order.stock-deliveries-in-flight} batches at once. A drop's unpaid
     * orders expire together; one thread and one call each, waiting on the catalog, starved the
     * catalog of the threads to answer them (measured before batching: 45 threads blocked).
     */
    public void deliverLater(Collection<String> orderIds) {
        for (String id : orderIds) {
            if (waiting.add(id)) {
                deliveries.add(id);
            }
        }
    }

    private void deliverWaiting(List<String> orderIds) {
        orderIds.forEach(waiting::remove);
        try {
            deliverAll(outbox.pendingForAll(orderIds, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stock calls of " + orderIds.size() + " orders stay queued for the sweep: " + e);
        }
    }

    private void sweepSafely() {
        try {
            deliverAll(outbox.due(clock.instant(), deliveryBatch));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stock outbox sweep failed, next in " + interval + ": " + e);
        }
    }

    /**
     * Delivers the first pending call of each order in one batch call (calls of one order go in
     * the order written: confirm before restock); an order with more calls goes again after it.
     */
    private void deliverAll(List<StockCall> calls) {
        Map<String, StockCall> first = new LinkedHashMap<>();
        Set<String> more = new HashSet<>();
        List<Long> done = new ArrayList<>();
        for (StockCall call : calls) {
            if (first.containsKey(call.orderId())) {
                more.add(call.orderId());
            } else if (call.action() == StockAction.NONE) {
                done.add(call.id());
            } else {
                first.put(call.orderId(), call);
            }
        }
        if (!first.isEmpty()) {
            List<StockCall> sent = List.copyOf(first.values());
            List<CatalogApi.Outcome> outcomes;
            try {
                outcomes = catalog.transitionAll(sent.stream()
                        .map(c -> new CatalogApi.TransitionRequest(c.orderId(), c.action().name())).toList());
                if (outcomes.size() != sent.size()) {
                    throw new IllegalStateException("The catalog answered " + outcomes.size() + " of " + sent.size() + " calls");
                }
            } catch (RuntimeException e) {
                sent.forEach(c -> outbox.failed(c.id(), clock.instant(), String.valueOf(e), interval));
                more.clear(); // the failed orders are blocked until their retry
                outbox.doneAll(done, clock.instant());
                return;
            }
            for (int i = 0; i < sent.size(); i++) {
                if (settled(sent.get(i), outcomes.get(i).problem())) {
                    done.add(sent.get(i).id());
                } else {
                    more.remove(sent.get(i).orderId());
                }
            }
        }
        outbox.doneAll(done, clock.instant());
        if (!more.isEmpty()) {
            deliverLater(more);
        }
    }

    /** Whether the call is settled (taken, or abandoned for good); a retryable refusal is recorded for the next attempt. */
    private boolean settled(StockCall call, Problem problem) {
        if (problem == null) {
            return true;
        }
        String kind = problem.kind();
        if (problem.getStatus() >= 500 || "reservation-not-sold".equals(kind)) {
            outbox.failed(call.id(), clock.instant(), kind + ": " + problem.getDetail(), interval);
            return false;
        }
        // The ledger can never take this call (e.g. confirm of a released reservation):
        // retrying forever would not help; record it for an operator.
        LOG.severe(() -> "Stock call " + call.action() + " for order " + call.orderId()
                + " refused by the catalog: " + kind + " " + problem.getDetail());
        outbox.abandoned(call.id(), clock.instant(), kind + ": " + problem.getDetail());
        return true; // settled as abandoned (done_at set): doneAll passes over it
    }
}
