package io.liliflora.user.account;

import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/** For order-war's order snapshot (docs/internal-api.md): service tokens only. */
@Path("internal/users")
// Application scoped for the reason OrderResource gives (docs/orders.md, "Why batches, and why without a thread per request").
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

    /** Many buyers' details at once, for a batch of placed orders; unknown ids are left out. */
    public record ShippingQuery(@NotEmpty @Size(max = 1000) List<@NotNull Long> ids) {
    }

    public record ShippingPage(List<Shipping> items) {
    }

    @GET
    @Path("{id}/shipping")
    public Shipping shipping(@PathParam("id") long id) {
        User user = users.byId(id).orElseThrow(() -> ProblemException.notFound("No user " + id));
        PersonalDetails details = user.open(cipher);
        return new Shipping(user.id(), details.name(), details.phone(), details.address());
    }

    @POST
    @Path("shipping")
    @Consumes(MediaType.APPLICATION_JSON)
    public ShippingPage shippingAll(@Valid @NotNull ShippingQuery query) {
        return new ShippingPage(users.byIds(Set.copyOf(query.ids())).stream().map(user -> {
            PersonalDetails details = user.open(cipher);
            return new Shipping(user.id(), details.name(), details.phone(), details.address());
        }).toList());
    }
}
