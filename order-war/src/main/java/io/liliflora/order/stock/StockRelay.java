package io.liliflora.order.stock;

import io.liliflora.order.Throttle;
import io.liliflora.order.catalog.CatalogGateway;
import io.liliflora.platform.problem.ProblemException;
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
import java.util.HashSet;
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

    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledFuture<?> sweep;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private Throttle deliveries;

    @PostConstruct
    void wire() {
        deliveries = new Throttle(scheduler, deliveriesInFlight);
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

    /** Delivers every pending call of one order now; what fails stays queued. */
    public void deliver(String orderId) {
        try {
            deliverAll(outbox.pendingFor(orderId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stock calls of order " + orderId + " stay queued: " + e);
        }
    }

    /**
     * Delivers one order's calls on another thread (after a timer step or a payment committed),
     * at most {@code liliflora.order.stock-deliveries-in-flight} at once: a drop's unpaid orders expire
     * together, and one thread each, waiting on the catalog, starved the catalog of the threads
     * to answer them (measured: 45 threads blocked in releases during the benchmark's sweeps).
     */
    public void deliverLater(String orderId) {
        if (waiting.add(orderId)) {
            deliveries.run(() -> {
                waiting.remove(orderId);
                deliver(orderId);
            });
        }
    }

    private void sweepSafely() {
        try {
            deliverAll(outbox.due(clock.instant(), 100));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stock outbox sweep failed, next in " + interval + ": " + e);
        }
    }

    private void deliverAll(List<StockCall> calls) {
        Set<String> blocked = new HashSet<>();
        for (StockCall call : calls) {
            if (blocked.contains(call.orderId())) {
                continue;
            }
            if (!deliverOne(call)) {
                blocked.add(call.orderId());
            }
        }
    }

    private boolean deliverOne(StockCall call) {
        try {
            switch (call.action()) {
                case CONFIRM -> catalog.confirm(call.orderId());
                case RELEASE -> catalog.release(call.orderId());
                case RESTOCK -> catalog.restock(call.orderId());
                case NONE -> { }
            }
            outbox.done(call.id(), clock.instant());
            return true;
        } catch (ProblemException p) {
            int status = p.problem().getStatus();
            String kind = p.problem().kind();
            if (status >= 500 || "reservation-not-sold".equals(kind)) {
                outbox.failed(call.id(), clock.instant(), kind + ": " + p.getMessage(), interval);
                return false;
            }
            // The ledger can never take this call (e.g. confirm of a released reservation):
            // retrying forever would not help; record it for an operator.
            LOG.severe(() -> "Stock call " + call.action() + " for order " + call.orderId()
                    + " refused by the catalog: " + kind + " " + p.getMessage());
            outbox.abandoned(call.id(), clock.instant(), kind + ": " + p.getMessage());
            return true;
        } catch (RuntimeException e) {
            outbox.failed(call.id(), clock.instant(), String.valueOf(e), interval);
            return false;
        }
    }
}
