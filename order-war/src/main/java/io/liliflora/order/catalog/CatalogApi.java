package io.liliflora.order.catalog;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.security.ServiceAuthHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The catalog's stock engine (docs/internal-api.md), called with this service's own token. */
@RegisterRestClient(configKey = "catalog-api")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@RegisterProvider(RemoteProblems.class)
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface CatalogApi {

    /** The most orders one batch call may carry (the catalog answers more with 400; so does user-war's shipping lookup). */
    int MAX_BATCH = 1000;

    /** Many orders' reserves in one call, answered per order (docs/internal-api.md). */
    @POST
    @Path("/reservations/batch")
    Outcomes reserveAll(ReserveBatch batch);

    /** Many confirms, releases and restocks in one call, answered per order. */
    @POST
    @Path("/reservations/transitions")
    Outcomes transitionAll(TransitionBatch batch);

    @GET
    @Path("/products")
    ProductPage products(@QueryParam("ids") String ids);

    record ReservationRequest(String orderId, long userId, List<Item> items) {
    }

    record Item(long productId, int quantity) {
    }

    record ReservedItem(long productId, String name, long unitPrice, int quantity) {
    }

    record ReserveBatch(List<ReservationRequest> reservations) {
    }

    record TransitionRequest(String orderId, String action) {
    }

    record TransitionBatch(List<TransitionRequest> calls) {
    }

    /** One order's answer in a batch: {@code state} (and a reserve's {@code items}) or the {@code problem}. */
    record Outcome(String orderId, String state, List<ReservedItem> items, Problem problem) {
    }

    record Outcomes(List<Outcome> outcomes) {
    }

    record ProductPage(List<Product> items) {
    }

    record Product(long id, String name, long price, String saleType, String status, Long available,
                   Integer perUserLimit, String opensAt) {
    }
}
