package io.liliflora.catalog.stock;

import io.liliflora.catalog.product.ProductLookup;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The internal stock API order-war calls (docs/internal-api.md); services only. */
@Path("internal")
@ApplicationScoped
@RolesAllowed("SERVICE")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReservationResource {

    public record Line(@NotNull @Min(1) Long productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    /**
     * Order and user ids are keys in the ledger and in Redis: plain ASCII only, so an id can never
     * be one thing to Java and another once stored (a NUL, a lone surrogate).
     */
    static final String ID = "[A-Za-z0-9._:@-]{1,64}";

    public record ReserveRequest(@NotBlank @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits or ._:@-") String orderId,
                                 @NotBlank @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits or ._:@-") String userId,
                                 @NotEmpty @Size(max = 50) List<@Valid @NotNull Line> items) {
    }

    public record Answer(String orderId, String state, List<StockOutcome.ReservedItem> items) {
    }

    public record State(String orderId, String state) {
    }

    /** Many placements' reserves in one call (order-war's placement batches). */
    public record ReserveBatch(@NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull ReserveRequest> reservations) {
    }

    /** A confirm, release or restock of one order, as one entry of a transition batch. */
    public record TransitionRequest(@NotBlank @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits or ._:@-") String orderId,
                                    @NotNull StockCommand.Kind action) {
    }

    public record TransitionBatch(@NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull TransitionRequest> calls) {
    }

    /**
     * One answer of a batch, in the order asked: {@code state} (and for a reserve {@code items})
     * when it succeeded, else {@code problem}, the document the single call would have answered.
     */
    public record Outcome(String orderId, String state, List<StockOutcome.ReservedItem> items, Problem problem) {

        static Outcome of(String orderId, StockService.Answered answered) {
            return answered.refusal() == null
                    ? new Outcome(orderId, answered.outcome().state(), answered.outcome().items(), null)
                    : new Outcome(orderId, null, null, answered.refusal().problem());
        }
    }

    public record Outcomes(List<Outcome> outcomes) {
    }

    /** The most calls one batch may carry. */
    static final int MAX_BATCH = 1000;

    @Inject
    StockService stock;

    @Inject
    ProductLookup products;

    @POST
    @Path("reservations")
    public Answer reserve(@Valid @NotNull ReserveRequest request) {
        Map<Long, Integer> items = new LinkedHashMap<>();
        for (Line line : request.items()) {
            items.merge(line.productId(), line.quantity(), Integer::sum);
        }
        StockOutcome outcome = stock.reserve(request.orderId(), request.userId(), items);
        return new Answer(outcome.orderId(), outcome.state(), outcome.items());
    }

    /**
     * Reserves for many orders at once, each all-or-nothing and idempotent by its order id as in
     * {@link #reserve}; one order's refusal does not affect the others.
     */
    @POST
    @Path("reservations/batch")
    public Outcomes reserveAll(@Valid @NotNull ReserveBatch batch) {
        List<StockCommand> commands = batch.reservations().stream().map(r -> {
            Map<Long, Integer> items = new LinkedHashMap<>();
            r.items().forEach(line -> items.merge(line.productId(), line.quantity(), Integer::sum));
            return StockCommand.reserve(r.orderId(), r.userId(), items);
        }).toList();
        List<StockService.Answered> answers = stock.reserveAll(commands);
        List<Outcome> outcomes = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            outcomes.add(Outcome.of(commands.get(i).orderId(), answers.get(i)));
        }
        return new Outcomes(outcomes);
    }

    /** Confirms, releases and restocks many orders at once, each as its single call would. */
    @POST
    @Path("reservations/transitions")
    public Outcomes transitionAll(@Valid @NotNull TransitionBatch batch) {
        List<StockEngine.Transition> calls = new ArrayList<>(batch.calls().size());
        for (TransitionRequest call : batch.calls()) {
            if (call.action() == StockCommand.Kind.RESERVE || call.action() == StockCommand.Kind.ADD) {
                throw ProblemException.validation(List.of(new Problem.FieldError("calls[].action",
                        "must be CONFIRM, RELEASE or RESTOCK")));
            }
            calls.add(new StockEngine.Transition(call.action(), call.orderId()));
        }
        List<StockService.Answered> answers = stock.transitionAll(calls);
        List<Outcome> outcomes = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            outcomes.add(Outcome.of(calls.get(i).orderId(), answers.get(i)));
        }
        return new Outcomes(outcomes);
    }

    @POST
    @Path("reservations/{orderId}/confirm")
    public State confirm(@PathParam("orderId") String orderId) {
        return new State(orderId, stock.confirm(orderId(orderId)).state());
    }

    @POST
    @Path("reservations/{orderId}/release")
    public State release(@PathParam("orderId") String orderId) {
        return new State(orderId, stock.release(orderId(orderId)).state());
    }

    @POST
    @Path("reservations/{orderId}/restock")
    public State restock(@PathParam("orderId") String orderId) {
        return new State(orderId, stock.restock(orderId(orderId)).state());
    }

    @GET
    @Path("products")
    public Map<String, Object> products(@QueryParam("ids") String ids) {
        List<Long> parsed = new ArrayList<>();
        if (ids == null || ids.isBlank()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("ids", "must list product ids")));
        }
        for (String part : ids.split(",")) {
            try {
                parsed.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.validation(List.of(new Problem.FieldError("ids", "must be numbers separated by commas")));
            }
        }
        if (parsed.size() > 100) {
            throw ProblemException.validation(List.of(new Problem.FieldError("ids", "at most 100 ids")));
        }
        return Map.of("items", products.summaries(parsed.stream().distinct().toList()));
    }

    private static String orderId(String orderId) {
        if (orderId == null || !orderId.matches(ID)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("orderId", "must be 1 to 64 letters, digits or ._:@-")));
        }
        return orderId;
    }
}
