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
