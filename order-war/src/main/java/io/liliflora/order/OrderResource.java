package io.liliflora.order;

import io.liliflora.order.abuse.BuyPath;
import io.liliflora.order.catalog.SoldOutHints;
import io.liliflora.order.idempotency.Answer;
import io.liliflora.order.idempotency.IdempotentRequests;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The shopper's orders (SPEC: Order). Every call is the token owner's; others' orders are 404. */
@Path("/orders")
// One instance, not one per request: creating a request-scoped resource builds its interceptors
// anew, and Liberty injects their resources under one application-wide monitor (measured: the
// drop's placements queued on it). Every field is a proxy; the token is the request's.
@ApplicationScoped
@RolesAllowed("USER")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {


    @Inject
    JsonWebToken jwt;

    @Inject
    OrderService orders;

    @Inject
    OrderBook book;

    @Inject
    IdempotentRequests idempotency;

    @Inject
    PersonalDataCipher cipher;

    @Inject
    PlacementQueue placements;

    @Inject
    SoldOutHints soldOut;

    /** Answered asynchronously: the request waits for a placement slot without holding a thread. */
    @POST
    @BuyPath
    public CompletionStage<Response> place(@HeaderParam("Idempotency-Key") String key,
                                           @Valid @NotNull OrderRequest request) {
        String user = jwt.getSubject();
        String canonical = "POST /orders " + request.canonical();
        Optional<ProblemException> soldOutNow = soldOut.refusal(request.items.stream().map(l -> l.productId).toList());
        if (soldOutNow.isPresent()) {
            // Refused from memory: answered now, not queued behind the placements that call the
            // catalog (after a drop sells out, most requests), and kept for the key in one step.
            if (key == null) {
                throw soldOutNow.get();
            }
            return CompletableFuture.completedFuture(idempotency.answerAtOnce(user, key, canonical,
                    Answer.problem(soldOutNow.get().problem())).toResponse());
        }
        return placements.answer(() -> idempotency.once(user, key, canonical,
                () -> created(orders.place(user, request.items, List.of()), cipher)).toResponse());
    }

    @GET
    public Page list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                     @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
                     @QueryParam("status") String status) {
        OrderStatus filter = parseStatus(status);
        String user = jwt.getSubject();
        long total = book.count(user, filter);
        List<OrderView> items = book.page(user, filter, page, size).stream().map(o -> OrderView.of(o, cipher)).toList();
        return new Page(items, page, size, total, (total + size - 1) / size);
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        return OrderView.of(book.owned(id, jwt.getSubject()), cipher);
    }

    @POST
    @Path("/{id}/payment")
    public OrderView pay(@PathParam("id") String id, @Valid @NotNull PaymentRequest request) {
        return OrderView.of(orders.pay(id, jwt.getSubject(), request.paymentToken), cipher);
    }

    /** Queued like a placement: the answer waits for the catalog to take the units back. */
    @POST
    @Path("/{id}/cancel")
    public CompletionStage<Response> cancel(@PathParam("id") String id) {
        String user = jwt.getSubject();
        return placements.answer(() -> Response.ok(OrderView.of(orders.cancel(id, user), cipher)).build());
    }

    @POST
    @Path("/{id}/return")
    public OrderView requestReturn(@PathParam("id") String id) {
        return OrderView.of(orders.requestReturn(id, jwt.getSubject()), cipher);
    }

    public static class PaymentRequest {
        @NotBlank
        @Size(max = 200)
        public String paymentToken;
    }

    public record Page(List<OrderView> items, int page, int size, long totalItems, long totalPages) {
    }

    /** The 201 of a placed order, as kept for Idempotency-Key replays. */
    public static Answer created(Order order, PersonalDataCipher cipher) {
        return Answer.created("/order/orders/" + order.id(), OrderView.of(order, cipher));
    }

    private static OrderStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError("status",
                    "must be one of " + java.util.Arrays.toString(OrderStatus.values()))));
        }
    }
}
