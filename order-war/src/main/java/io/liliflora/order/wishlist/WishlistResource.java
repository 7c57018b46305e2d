package io.liliflora.order.wishlist;

import io.liliflora.order.OrderPlacement;
import io.liliflora.order.OrderRequest;
import io.liliflora.order.Placement;
import io.liliflora.order.PlacementQueue;
import io.liliflora.order.admission.BuyAdmission;
import io.liliflora.order.catalog.CatalogApi;
import io.liliflora.order.catalog.CatalogGateway;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.security.ChecksRevocationItself;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The shopper's wishlist. Names and prices are the catalog's current ones (one batch call per
 * read); checkout turns the whole list into one order, all or nothing, and empties the list
 * only when that order exists.
 */
@Path("/wishlist")
// Application scoped for the reason OrderResource gives (docs/orders.md, "Why batches, and why without a thread per request").
@ApplicationScoped
@RolesAllowed("USER")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WishlistResource {


    @Inject
    JsonWebToken jwt;

    @Inject
    Wishlist wishlist;

    @Inject
    CatalogGateway catalog;

    @Inject
    BuyAdmission admission;

    @Inject
    PlacementQueue placements;

    @GET
    public View get() {
        return view(jwt.getSubject());
    }

    @PUT
    @Path("/items/{productId}")
    public View put(@PathParam("productId") @Min(1) long productId, @Valid @NotNull QuantityRequest request) {
        String user = jwt.getSubject();
        if (!catalog.products(List.of(productId)).containsKey(productId)) {
            throw ProblemException.notFound("No product " + productId);
        }
        wishlist.put(user, productId, request.quantity);
        return view(user);
    }

    @DELETE
    @Path("/items/{productId}")
    public Response remove(@PathParam("productId") long productId) {
        wishlist.remove(jwt.getSubject(), productId);
        return Response.noContent().build();
    }

    /**
     * Admitted and placed like any order (OrderResource#place): one Redis round trip, then the
     * next placement batch; the request waits without holding a thread.
     */
    @POST
    @Path("/checkout")
    @ChecksRevocationItself
    public CompletionStage<Response> checkout(@HeaderParam("Idempotency-Key") String key) {
        String user = jwt.getSubject();
        OrderPlacement.numericId(user);
        BuyAdmission.Ticket ticket = admission.admit(jwt, key, "POST /wishlist/checkout", Optional.empty());
        if (ticket.answer() != null) {
            return CompletableFuture.completedFuture(ticket.answer().toResponse());
        }
        List<WishlistItem> items;
        try {
            items = wishlist.of(user);
            if (items.isEmpty()) {
                throw ProblemException.conflict("wishlist-empty", "The wishlist is empty");
            }
        } catch (ProblemException refusal) {
            return CompletableFuture.completedFuture(placements.answerNow(ticket.claim(), refusal));
        }
        List<OrderRequest.Line> lines = items.stream().map(i -> new OrderRequest.Line(i.productId(), i.quantity())).toList();
        return placements.place(new Placement(user, lines, items.stream().map(WishlistItem::productId).toList(),
                ticket.claim()));
    }

    private View view(String user) {
        List<WishlistItem> items = wishlist.of(user);
        Map<Long, CatalogApi.Product> products = catalog.products(items.stream().map(WishlistItem::productId).toList());
        return new View(items.stream().map(i -> {
            CatalogApi.Product p = products.get(i.productId());
            return new Item(i.productId(), p == null ? null : p.name(), p == null ? null : p.price(),
                    i.quantity(), i.addedAt());
        }).toList());
    }

    public static class QuantityRequest {
        @NotNull
        @Min(1)
        @Max(OrderRequest.MAX_QUANTITY)
        public Integer quantity;
    }

    public record View(List<Item> items) {
    }

    /** name and price are null for a product the catalog no longer knows. */
    public record Item(long productId, String name, Long price, int quantity, Instant addedAt) {
    }
}
