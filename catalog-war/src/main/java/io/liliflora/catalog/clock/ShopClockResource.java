package io.liliflora.catalog.clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;

/** The clock shoppers count a drop down against: the same one the stock engine opens it by. */
@Path("time")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ShopClockResource {

    public record Now(Instant now) {
    }

    private final Clock clock = Clock.systemUTC();

    @GET
    public Now now() {
        return new Now(clock.instant());
    }
}
