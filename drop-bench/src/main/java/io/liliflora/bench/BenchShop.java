package io.liliflora.bench;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The shop as the admin and the clock see it: products, the durable ledger, the server time. */
public final class BenchShop {

    public record Ledger(long total, long available, long reserved, long sold) {
    }

    private final Http anonymous;
    private final Http admin;

    /** The shop at {@code base} whose dev keys are the testkit's ({@code liberty.wlp.dir}). */
    public BenchShop(String base) {
        this(base, TestTokens.keysDir());
    }

    /** The shop at {@code base}, its admin token signed with the dev key in {@code keysDir}. */
    public BenchShop(String base, java.nio.file.Path keysDir) {
        this.anonymous = Http.at(base);
        this.admin = anonymous.withToken(new BenchTokens(keysDir).sign("bench-admin", List.of("USER", "ADMIN"),
                Duration.ofHours(2)));
    }

    public long createNormal(String name, long stock) {
        return create(Http.json("name", name, "description", "Drop benchmark product", "category", "bench",
                "price", 19000, "saleType", "NORMAL", "stock", stock));
    }

    public long createDrop(String name, long stock, Instant opensAt, int perUserLimit) {
        return create(Http.json("name", name, "description", "Drop benchmark drop", "category", "bench",
                "price", 59000, "saleType", "RESERVATION", "opensAt", opensAt.toString(),
                "perUserLimit", perUserLimit, "stock", stock));
    }

    private long create(JsonObject product) {
        Http.Reply reply = admin.post("/catalog/products", product);
        if (reply.status() != 201) {
            throw new IllegalStateException("Cannot create a bench product: " + reply);
        }
        return reply.json().getJsonNumber("id").longValue();
    }

    public Ledger ledger(long productId) {
        Http.Reply reply = admin.get("/catalog/products/" + productId + "/stock");
        if (reply.status() != 200) {
            throw new IllegalStateException("Cannot read the ledger: " + reply);
        }
        JsonObject j = reply.json();
        return new Ledger(j.getJsonNumber("total").longValue(), j.getJsonNumber("available").longValue(),
                j.getJsonNumber("reserved").longValue(), j.getJsonNumber("sold").longValue());
    }

    /** The server clock minus ours, from one round trip (its midpoint): add it to our now. */
    public Duration clockOffset() {
        long before = System.currentTimeMillis();
        Http.Reply reply = anonymous.get("/catalog/time");
        long after = System.currentTimeMillis();
        if (reply.status() != 200) {
            throw new IllegalStateException("No shop clock: " + reply);
        }
        Instant server = Instant.parse(reply.json().getString("now"));
        return Duration.ofMillis(server.toEpochMilli() - (before + after) / 2);
    }

    public boolean up() {
        try {
            return anonymous.get("/catalog/products?page=0&size=1").status() == 200
                    && anonymous.get("/order/orders").status() == 401;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
