package io.liliflora.order.buyer;

import io.liliflora.order.catalog.RemoteProblems;
import io.liliflora.platform.security.ServiceAuthHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** user-war's internal API: buyers' decrypted shipping details for the order snapshots of a placement batch. */
@RegisterRestClient(configKey = "user-api")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@RegisterProvider(RemoteProblems.class)
@Path("/internal/users")
@Produces(MediaType.APPLICATION_JSON)
public interface BuyerApi {

    /** Many buyers' details in one call; unknown ids are left out of the answer. */
    @POST
    @Path("/shipping")
    @Consumes(MediaType.APPLICATION_JSON)
    ShippingPage shippingAll(ShippingQuery query);

    record ShippingDetails(Object id, String name, String phone, String address) {
    }

    record ShippingQuery(List<Long> ids) {
    }

    record ShippingPage(List<ShippingDetails> items) {
    }
}
