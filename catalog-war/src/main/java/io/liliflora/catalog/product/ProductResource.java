package io.liliflora.catalog.product;

import io.liliflora.catalog.stock.StockService;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** The shop's products: anyone browses, an admin creates, edits and restocks. */
@Path("products")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    ProductCatalog catalog;

    @Inject
    StockService stock;

    @GET
    @PermitAll
    public ProductCatalog.Page list(@QueryParam("page") String page, @QueryParam("size") String size,
                                    @QueryParam("category") String category, @QueryParam("saleType") String saleType,
                                    @QueryParam("sort") String sort) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int pageNumber = number(page, 0, 0, 1_000_000, "page", errors);
        int pageSize = number(size, 20, 1, 100, "size", errors);
        if (saleType != null && !saleType.isBlank() && !Product.NORMAL.equals(saleType) && !Product.RESERVATION.equals(saleType)) {
            errors.add(new Problem.FieldError("saleType", "must be NORMAL or RESERVATION"));
        }
        ProductSort order = ProductSort.parse(sort).orElse(null);
        if (order == null) {
            errors.add(new Problem.FieldError("sort", "must be newest, price_asc or price_desc"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return catalog.page(pageNumber, pageSize, category, saleType, order);
    }

    @GET
    @Path("{id}")
    @PermitAll
    public Product get(@PathParam("id") String id) {
        return catalog.find(id(id)).orElseThrow(() -> missing(id));
    }

    @POST
    @RolesAllowed("ADMIN")
    public Response create(@Valid @NotNull ProductDraft draft, @jakarta.ws.rs.core.Context UriInfo uri) {
        Product created = catalog.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(created).build();
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("ADMIN")
    public Product edit(@PathParam("id") String id, @Valid @NotNull ProductChanges changes) {
        return catalog.edit(id(id), changes).orElseThrow(() -> missing(id));
    }

    @POST
    @Path("{id}/stock")
    @RolesAllowed("ADMIN")
    public Product restock(@PathParam("id") String id, @Valid @NotNull Restock restock) {
        long productId = id(id);
        stock.add(productId, restock.add());
        return catalog.find(productId).orElseThrow(() -> missing(id));
    }

    @GET
    @Path("{id}/stock")
    @RolesAllowed("ADMIN")
    public StockService.Ledger ledger(@PathParam("id") String id) {
        return stock.ledger(id(id)).orElseThrow(() -> missing(id));
    }

    static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ProblemException.notFound("No product " + text);
    }

    private static ProblemException missing(String id) {
        return ProblemException.notFound("No product " + id);
    }

    private static int number(String text, int fallback, int min, int max, String field, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
        return fallback;
    }
}
