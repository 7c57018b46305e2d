package io.liliflora.order;

import io.liliflora.order.catalog.CatalogApi;
import io.liliflora.order.catalog.SoldOutHints;
import io.liliflora.order.idempotency.Answer;
import io.liliflora.order.idempotency.IdempotentRequests;
import io.liliflora.platform.crypto.PersonalDataCipher;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Shopper requests that call another WAR, answered without a thread each (JAX-RS async). On one
 * server the calls to user-war and the catalog are served by the same executor as the shoppers'
 * requests: when a drop opens, thousands of requests each holding a thread while their own inner
 * calls wait behind them starved the executor. So:
 * <ul>
 * <li>placements wait in a {@link BatchLine}: a worker takes every placement waiting (up to
 * {@code liliflora.order.placement-batch}) and places them as one unit of work
 * ({@link OrderPlacement#placeAll}), at most {@code liliflora.order.placement-batches-in-flight}
 * batches at once; their Idempotency-Keys are settled in one pipelined round trip; placements of
 * a product that sold out while they waited are answered from the line;</li>
 * <li>cancels run at most {@code liliflora.order.placements-in-flight} at once ({@link Throttle}).</li>
 * </ul>
 * More than {@code liliflora.order.placement-queue} waiting is answered 503 with Retry-After at once.
 */
@ApplicationScoped
public class PlacementQueue {

    private static final Logger LOG = Logger.getLogger(PlacementQueue.class.getName());
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Resource
    ManagedExecutorService executor;

    @Inject
    OrderPlacement placement;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    PersonalDataCipher cipher;

    @Inject
    SoldOutHints soldOut;

    @Inject
    @ConfigProperty(name = "liliflora.order.placements-in-flight", defaultValue = "8")
    int inFlight;

    @Inject
    @ConfigProperty(name = "liliflora.order.placement-batch", defaultValue = "500")
    int batchSize;

    @Inject
    @ConfigProperty(name = "liliflora.order.placement-batches-in-flight", defaultValue = "2")
    int batchesInFlight;

    @Inject
    @ConfigProperty(name = "liliflora.order.placement-queue", defaultValue = "10000")
    int maxWaiting;

    private final AtomicInteger queued = new AtomicInteger();
    private Throttle throttle;
    private BatchLine<Waiting> placements;

    /** A placement and the answer its request waits for. */
    private record Waiting(Placement placement, CompletableFuture<Response> answer) {
    }

    @PostConstruct
    void start() {
        throttle = new Throttle(executor, inFlight);
        // A batch larger than the internal calls take would be refused whole, batch after batch.
        placements = new BatchLine<>(executor, batchesInFlight, Math.min(batchSize, CatalogApi.MAX_BATCH), this::placeAll);
    }

    /** Places the order with the next batch; answered 201, or the placement's refusal. */
    public CompletionStage<Response> place(Placement p) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (queued.incrementAndGet() > maxWaiting) {
            queued.decrementAndGet();
            if (p.claim() != null) {
                idempotency.settleAll(List.of(new IdempotentRequests.Settlement(p.claim(), null)));
            }
            answer.complete(busy());
            return answer;
        }
        placements.add(new Waiting(p, answer));
        return answer;
    }

    /**
     * A buy attempt refused before it could be placed (e.g. an empty wishlist): answered now, and
     * kept for its Idempotency-Key like any answer (a 5xx frees the key instead).
     */
    public Response answerNow(IdempotentRequests.Claim claim, ProblemException refusal) {
        if (claim != null) {
            boolean keep = refusal.problem().getStatus() < 500;
            idempotency.settleAll(List.of(new IdempotentRequests.Settlement(claim, keep ? Answer.problem(refusal.problem()) : null)));
        }
        return ProblemResponses.of(refusal);
    }

    /** Placements waiting for a batch (the queue depth an operator watches during a drop). */
    public int waitingPlacements() {
        return placements.waiting();
    }

    private void placeAll(List<Waiting> taken) {
        queued.addAndGet(-taken.size());
        List<Waiting> batch = refuseSoldOut(taken);
        if (batch.isEmpty()) {
            return;
        }
        List<OrderPlacement.Placed> placed;
        try {
            placed = placement.placeAll(batch.stream().map(Waiting::placement).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "A batch of " + batch.size() + " placements failed", e);
            ProblemException down = ProblemException.unavailable("Orders cannot be placed right now; try again shortly", RETRY_AFTER);
            placed = batch.stream().map(w -> new OrderPlacement.Placed(null, down)).toList();
        }
        List<IdempotentRequests.Settlement> settlements = new ArrayList<>();
        List<Response> responses = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            OrderPlacement.Placed outcome = placed.get(i);
            IdempotentRequests.Claim claim = batch.get(i).placement().claim();
            if (outcome.order() == null && outcome.refusal().problem().getStatus() >= 500) {
                // Not kept for the key: the client's retry gets a real second try.
                responses.add(ProblemResponses.of(outcome.refusal()));
                if (claim != null) {
                    settlements.add(new IdempotentRequests.Settlement(claim, null));
                }
                continue;
            }
            Answer answer = outcome.order() != null ? OrderResource.created(outcome.order(), cipher)
                    : Answer.problem(outcome.refusal().problem());
            responses.add(answer.toResponse());
            if (claim != null) {
                settlements.add(new IdempotentRequests.Settlement(claim, answer));
            }
        }
        idempotency.settleAll(settlements);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(responses.get(i));
        }
    }

    /**
     * Answers at once the placements of a product that sold out while they waited (the catalog
     * refused a one-unit order of it: {@link SoldOutHints}), as admission answers them once the
     * hint is known; returns the others. When a drop sells out, most of the crowd is still waiting
     * in the line: without this, every one of them would still cost a guard, a reserve and a
     * refusal from the catalog, in batches behind the winners.
     */
    private List<Waiting> refuseSoldOut(List<Waiting> taken) {
        List<Waiting> rest = new ArrayList<>(taken.size());
        List<IdempotentRequests.Settlement> settlements = new ArrayList<>();
        List<Runnable> answers = new ArrayList<>();
        for (Waiting w : taken) {
            Optional<ProblemException> refusal = soldOut.refusal(w.placement().lines().stream().map(l -> l.productId).toList());
            if (refusal.isEmpty()) {
                rest.add(w);
                continue;
            }
            Answer answer = Answer.problem(refusal.get().problem());
            if (w.placement().claim() != null) {
                settlements.add(new IdempotentRequests.Settlement(w.placement().claim(), answer));
            }
            answers.add(() -> w.answer().complete(answer.toResponse()));
        }
        idempotency.settleAll(settlements);
        answers.forEach(Runnable::run);
        return rest;
    }

    /**
     * Runs {@code work} when a slot is free. A refusal it throws is answered as its problem here:
     * a stage completed with an exception is mapped too, but RESTEasy first logs it as an error,
     * and refusals are not errors. Anything else still completes the stage exceptionally.
     */
    public CompletionStage<Response> answer(Supplier<Response> work) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (queued.incrementAndGet() > maxWaiting) {
            queued.decrementAndGet();
            answer.complete(busy());
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

    private static Response busy() {
        return ProblemResponses.of(new Problem("busy", "Too many orders at once", 503,
                "Orders are being placed as fast as they can; try again in a moment"), RETRY_AFTER);
    }
}
