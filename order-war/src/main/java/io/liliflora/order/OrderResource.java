package io.liliflora.order;

import io.liliflora.order.admission.BuyAdmission;
import io.liliflora.order.catalog.SoldOutHints;
import io.liliflora.order.idempotency.Answer;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.security.ChecksRevocationItself;
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
    BuyAdmission admission;

    @Inject
    PersonalDataCipher cipher;

    @Inject
    PlacementQueue placements;

    @Inject
    SoldOutHints soldOut;

    /**
     * Admitted in one Redis round trip (token revocation, buy rate limit, Idempotency-Key), then
     * placed with the next batch; the request waits without holding a thread. A product this
     * server knows is sold out is refused by the admission itself, with nothing else touched.
     */
    @POST
    @ChecksRevocationItself
    public CompletionStage<Response> place(@HeaderParam("Idempotency-Key") String key,
                                           @Valid @NotNull OrderRequest request) {
        String user = jwt.getSubject();
        OrderPlacement.numericId(user);
        request.checkDistinct();
        BuyAdmission.Ticket ticket = admission.admit(jwt, key, "POST /orders " + request.canonical(),
                soldOut.refusal(request.productIds()));
        if (ticket.answer() != null) {
            return CompletableFuture.completedFuture(ticket.answer().toResponse());
        }
        return placements.place(new Placement(user, request.items, List.of(), ticket.claim()));
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
