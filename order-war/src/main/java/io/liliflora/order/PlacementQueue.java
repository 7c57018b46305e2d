package io.liliflora.order;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Order placements waiting for their turn, without a thread each. Placing an order calls user-war
 * and the catalog over HTTP, and on one server those calls queue in the same executor as the
 * shoppers' requests: when a drop opens, thousands of requests each holding a thread while their
 * own inner calls wait behind the others starved the executor until every call timed out (all
 * 503 in the benchmark). So a placement's request is suspended (JAX-RS async) and at most
 * {@code liliflora.order.placements-in-flight} placements run at once, each worker taking the
 * next waiting one when done; the inner calls then always find threads. A queue longer than
 * {@code liliflora.order.placement-queue} is answered 503 with Retry-After instead of growing.
 */
@ApplicationScoped
public class PlacementQueue {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "liliflora.order.placements-in-flight", defaultValue = "8")
    int inFlight;

    @Inject
    @ConfigProperty(name = "liliflora.order.placement-queue", defaultValue = "10000")
    int maxWaiting;

    private final AtomicInteger queued = new AtomicInteger();
    private Throttle throttle;

    @PostConstruct
    void start() {
        throttle = new Throttle(executor, inFlight);
    }

    /** Runs {@code work} when a placement slot is free; its result or exception completes the stage. */
    public <T> CompletionStage<T> submit(Supplier<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (queued.incrementAndGet() > maxWaiting) {
            queued.decrementAndGet();
            answer.completeExceptionally(new ProblemException(new Problem("busy", "Too many orders at once", 503,
                    "Orders are being placed as fast as they can; try again in a moment"), RETRY_AFTER));
            return answer;
        }
        throttle.run(() -> {
            queued.decrementAndGet();
            try {
                answer.complete(work.get());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer;
    }
}
