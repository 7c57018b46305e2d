package io.liliflora.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.function.Supplier;

/** The catalog as its tests drive it: an admin, the order service, and anyone. */
public final class CatalogApi {

    public final Http anyone = Http.testServer();
    public final Http admin = anyone.withToken(TestTokens.admin());
    public final Http service = anyone.withToken(TestTokens.service("order"));

    public long normal(String name, String category, long price, long stock) {
        return create(Http.json("name", name, "description", "A test product", "category", category,
                "price", price, "saleType", "NORMAL", "stock", stock));
    }

    public long drop(String name, long stock, int perUserLimit, Instant opensAt) {
        return drop(name, "drop", stock, perUserLimit, opensAt);
    }

    public long drop(String name, String category, long stock, int perUserLimit, Instant opensAt) {
        return create(Http.json("name", name, "description", "A test drop", "category", category,
                "price", 50_000L, "saleType", "RESERVATION", "opensAt", opensAt.toString(),
                "perUserLimit", perUserLimit, "stock", stock));
    }

    private long create(JsonObject body) {
        Http.Reply reply = admin.post("/catalog/products", body);
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getJsonNumber("id").longValue();
    }

    public Http.Reply reserve(String orderId, Object userId, long productId, int quantity) {
        return service.post("/catalog/internal/reservations", Http.json("orderId", orderId, "userId", userId,
                "items", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("productId", productId).add("quantity", quantity)).build()));
    }

    public JsonObject ledger(long productId) {
        Http.Reply reply = admin.get("/catalog/products/" + productId + "/stock");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** A 503 answer (busy or rebuilding, both with Retry-After) asked again a bounded number of times. */
    public static Http.Reply retried(Supplier<Http.Reply> call) {
        Http.Reply reply = call.get();
        for (int tries = 0; reply.status() == 503 && tries < 20; tries++) {
            assertNotNull(reply.header("Retry-After"));
            reply = call.get();
        }
        return reply;
    }

    public static void assertConserved(JsonObject ledger) {
        assertEquals(ledger.getJsonNumber("total").longValue(), ledger.getJsonNumber("available").longValue()
                + ledger.getJsonNumber("reserved").longValue() + ledger.getJsonNumber("sold").longValue(),
                () -> "available + reserved + sold = total in " + ledger);
    }
}
