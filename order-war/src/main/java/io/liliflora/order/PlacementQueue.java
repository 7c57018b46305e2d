package io.liliflora.order;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.problem.ProblemResponses;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Shopper requests that call another WAR, waiting for their turn without a thread each: order
 * placements (the order form and the wishlist checkout) and cancels. Such a request calls
 * user-war or the catalog over HTTP, and on one server those calls queue in the same executor as
 * the shoppers' requests: when a drop opens, thousands of requests each holding a thread while
 * their own inner calls wait behind the others starved the executor until every call timed out
 * (all 503 in the benchmark). So the request is suspended (JAX-RS async) and at most
 * {@code liliflora.order.placements-in-flight} of them run at once, each worker taking the next
 * waiting one when done; the inner calls then always find threads. A queue longer than
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

    /**
     * Runs {@code work} when a slot is free. A refusal it throws is answered as its problem here:
     * a stage completed with an exception is mapped too, but RESTEasy first logs it as an error,
     * and a drop's refusals are not errors. Anything else still completes the stage exceptionally.
     */
    public CompletionStage<Response> answer(Supplier<Response> work) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (queued.incrementAndGet() > maxWaiting) {
            queued.decrementAndGet();
            answer.complete(ProblemResponses.of(new Problem("busy", "Too many orders at once", 503,
                    "Orders are being placed as fast as they can; try again in a moment"), RETRY_AFTER));
            return answer;
        }
        throttle.run(() -> {
            queued.decrementAndGet();
            try {
                answer.complete(work.get());
            } catch (ProblemException refusal) {
                answer.complete(ProblemResponses.of(refusal));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer;
    }
}
