package io.liliflora.ear.attack;

import static io.liliflora.testkit.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.ear.AssembledShop;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members a client must never choose (role, id, status, price, total, userId, stock counts)
 * sent in every body that could carry them: each is ignored or refused with 400, and what is
 * stored (raw rows, the ledger) is what the server decided.
 */
class MassAssignmentIT extends AssembledShop {

    private static long product;
    private static Shop.Shopper other;

    @BeforeAll
    static void setUp() throws Exception {
        product = shop.product("Mass tulip", 1_500, 50);
        other = shop.newShopper();
    }

    private static Map<String, Object> row(String service, String sql, Object... params) {
        List<Map<String, Object>> rows = TestDatabase.rows(service, sql, params);
        assertEquals(1, rows.size(), () -> sql + ": " + rows);
        return rows.get(0);
    }

    private static void assertIgnoredOrRefused(Http.Reply reply, int success) {
        assertTrue(reply.status() == success || reply.status() == 400, reply::toString);
    }

    @Test
    void signupCannotChooseRoleIdOrCreationTime() throws Exception {
        Shop.Shopper shopper = shop.newShopper(json("role", "ADMIN", "id", 1, "createdAt", "2000-01-01T00:00:00Z",
                "passwordHash", "plain", "groups", Json.createArrayBuilder().add("ADMIN").build()));
        Map<String, Object> stored = row("user", "SELECT * FROM app_user WHERE id = ?", Long.parseLong(shopper.id()));
        assertEquals("USER", stored.get("role"));
        assertNotEquals("1", shopper.id());
        assertNotEquals("plain", stored.get("password_hash"));
        assertTrue(((Timestamp) stored.get("created_at")).toInstant().isAfter(Instant.parse("2020-01-01T00:00:00Z")), stored::toString);
        JsonObject me = shopper.http().get("/user/me").json();
        assertEquals("USER", me.getString("role"));
        String payload = new String(Base64.getUrlDecoder().decode(shopper.accessToken().split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals(List.of("USER"), Json.createReader(new java.io.StringReader(payload)).readObject()
                .getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(403, shopper.http().get("/catalog/products/" + product + "/stock").status());
    }

    @Test
    void aProfileEditCannotChangeRoleEmailOrId() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        Map<String, Object> before = row("user", "SELECT * FROM app_user WHERE id = ?", Long.parseLong(shopper.id()));
        Http.Reply edited = shopper.http().patch("/user/me", json("name", "Renamed Lily", "role", "ADMIN",
                "email", "someone-else@liliflora.test", "id", other.id(), "createdAt", "2000-01-01T00:00:00Z"));
        assertIgnoredOrRefused(edited, 200);
        Map<String, Object> after = row("user", "SELECT * FROM app_user WHERE id = ?", Long.parseLong(shopper.id()));
        assertEquals("USER", after.get("role"));
        assertTrue(java.util.Arrays.equals((byte[]) before.get("email_index"), (byte[]) after.get("email_index")));
        assertEquals(before.get("created_at"), after.get("created_at"));
        JsonObject me = shopper.http().get("/user/me").json();
        assertEquals(shopper.email(), me.getString("email"));
        assertEquals("USER", me.getString("role"));
        assertEquals(shopper.id(), me.get("id").toString().replace("\"", ""));
        assertEquals("Kim Lily", other.http().get("/user/me").json().getString("name"), "the other account");
    }

    @Test
    void anOrderCannotChooseItsPriceTotalStatusOwnerOrId() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        JsonObject body = Json.createObjectBuilder()
                .add("items", Json.createArrayBuilder().add(json("productId", (long) product, "quantity", 2,
                        "unitPrice", 1, "price", 1, "name", "Free tulip")))
                .add("total", 1).add("status", "PAID").add("userId", other.id()).add("id", "chosen-order-id")
                .add("paymentDeadline", "2999-01-01T00:00:00Z").add("createdAt", "2000-01-01T00:00:00Z")
                .build();
        Http.Reply placed = shopper.http().post("/order/orders", body);
        assertIgnoredOrRefused(placed, 201);
        assertEquals(0, TestDatabase.rows("order", "SELECT 1 FROM orders WHERE user_id = ?", other.id()).size(),
                "an order placed on the other shopper's account");
        assertEquals(0, TestDatabase.rows("order", "SELECT 1 FROM orders WHERE id = 'chosen-order-id'").size());
        if (placed.status() == 201) {
            String id = placed.json().getString("id");
            Map<String, Object> order = row("order", "SELECT * FROM orders WHERE id = ?", id);
            assertEquals(shopper.id(), order.get("user_id"));
            assertEquals("PAYMENT_PENDING", order.get("status"));
            assertEquals(3_000L, ((Number) order.get("total")).longValue());
            assertTrue(((Timestamp) order.get("payment_deadline")).toInstant().isBefore(Instant.now().plusSeconds(3600)));
            Map<String, Object> line = row("order", "SELECT * FROM order_item WHERE order_id = ?", id);
            assertEquals(1_500L, ((Number) line.get("unit_price")).longValue());
            assertEquals("Mass tulip", line.get("name"));

            // Paying cannot name the amount or the outcome either.
            Http.Reply paid = shopper.http().post("/order/orders/" + id + "/payment",
                    json("paymentToken", "tok_ok", "amount", 1, "total", 1, "status", "DELIVERED"));
            assertIgnoredOrRefused(paid, 200);
            Map<String, Object> afterPayment = row("order", "SELECT * FROM orders WHERE id = ?", id);
            assertEquals(3_000L, ((Number) afterPayment.get("total")).longValue());
            assertTrue(List.of("PAID", "SHIPPING").contains(afterPayment.get("status")), afterPayment::toString);
        }
    }

    @Test
    void aWishlistItemCannotBePutOnAnotherShoppersList() throws Exception {
        Shop.Shopper shopper = shop.newShopper();
        Http.Reply put = shopper.http().put("/order/wishlist/items/" + product,
                json("quantity", 1, "userId", other.id(), "productId", 999_999L, "price", 1));
        assertIgnoredOrRefused(put, 200);
        assertEquals(0, TestDatabase.rows("order", "SELECT 1 FROM wishlist_item WHERE user_id = ?", other.id()).size());
        if (put.status() == 200) {
            Map<String, Object> item = row("order", "SELECT * FROM wishlist_item WHERE user_id = ?", shopper.id());
            assertEquals(product, ((Number) item.get("product_id")).longValue());
            assertEquals(1_500L, put.json().getJsonArray("items").getJsonObject(0).getJsonNumber("price").longValue());
        }
    }

    @Test
    void aNewProductCannotChooseItsIdStatusOrStockCounts() {
        Http.Reply created = shop.admin.post("/catalog/products", json("name", "Chosen tulip", "description", "d",
                "category", "flowers", "price", 900L, "saleType", "NORMAL", "stock", 5L,
                "id", 424_242L, "status", "SOLD_OUT", "available", 999L, "sold", 3L, "reserved", 2L, "total", 100L));
        assertIgnoredOrRefused(created, 201);
        assertEquals(0, TestDatabase.rows("catalog", "SELECT 1 FROM product WHERE id = 424242").size());
        if (created.status() == 201) {
            long id = created.json().getJsonNumber("id").longValue();
            assertEquals("ON_SALE", created.json().getString("status"));
            assertEquals(new Shop.Ledger(5, 5, 0, 0), shop.ledger(id));
        }
    }

    @Test
    void aProductEditOrRestockCannotSetStockCountsOrStatus() {
        long id = shop.product("Edited tulip", 700, 4);
        Http.Reply edited = shop.admin.patch("/catalog/products/" + id, json("description", "Edited",
                "stock", 1_000L, "available", 1_000L, "status", "SOLD_OUT", "id", 1L, "total", 9L, "sold", 4L));
        assertIgnoredOrRefused(edited, 200);
        Http.Reply restocked = shop.admin.post("/catalog/products/" + id + "/stock",
                json("add", 1, "total", 0L, "sold", 100L, "available", 0L));
        assertEquals(200, restocked.status(), restocked::toString);
        assertEquals(new Shop.Ledger(5, 5, 0, 0), shop.ledger(id));
        Http.Reply product = shop.anonymous.get("/catalog/products/" + id);
        assertEquals(id, product.json().getJsonNumber("id").longValue());
        assertEquals("ON_SALE", product.json().getString("status"));
    }
}
