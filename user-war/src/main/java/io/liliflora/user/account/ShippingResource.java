package io.liliflora.user.account;

import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** For order-war's order snapshot (docs/internal-api.md): service tokens only. */
@Path("internal/users/{id}/shipping")
// Application scoped for the reason OrderResource gives (docs/orders.md, "Bursts").
@ApplicationScoped
@RolesAllowed("SERVICE")
@Produces(MediaType.APPLICATION_JSON)
public class ShippingResource {

    public record Shipping(long id, String name, String phone, String address) {
    }

    @Inject
    Users users;

    @Inject
    PersonalDataCipher cipher;

    @GET
    public Shipping shipping(@PathParam("id") long id) {
        User user = users.byId(id).orElseThrow(() -> ProblemException.notFound("No user " + id));
        PersonalDetails details = user.open(cipher);
        return new Shipping(user.id(), details.name(), details.phone(), details.address());
    }
}
