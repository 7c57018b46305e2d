package io.liliflora.ear;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static io.liliflora.testkit.Shop.STEP_WAIT;
import static io.liliflora.testkit.Shop.awaitStatus;
import static io.liliflora.testkit.Shop.items;
import static io.liliflora.testkit.Shop.order;
import static io.liliflora.testkit.Shop.place;
import static io.liliflora.testkit.Shop.timeline;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.ServerLog;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Orders end to end on the assembled EAR (real accounts, real catalog ledger, real timers) with
 * the test server's durations in seconds (it-server.xml: payment window 6 s, ship and deliver
 * after 3 s, return window 8 s, return completes after 3 s). After every test the catalog's
 * ledger of every product it touched is conserved: available + reserved + sold = total.
 */
class OrderJourneyIT extends AssembledShop {

    private static final String SERVER = "liliflora-ear-it";

    @AfterEach
    void ledgerIsConserved() {
        if (shop.products.isEmpty()) {
            return;
        }
        for (long product : shop.products) {
            Shop.Ledger ledger = shop.ledger(product);
            assertTrue(ledger.conserved(), () -> "ledger of " + product + ": " + ledger);
        }
        shop.products.clear();
    }

    private static void requireServices() {
        assumeTrue(shop.servicesPresent(), "accounts and catalog not built yet");
    }

    @Test
    void shippingSnapshotIsEncryptedAtRestAndShownToItsOwner() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long lily = shop.product("Lily " + System.nanoTime(), 9_000, 5);
        String id = place(buyer, items(lily, 1)).getString("id");

        JsonObject shipping = order(buyer, id).getJsonObject("shipping");
        assertEquals("Kim Lily", shipping.getString("name"));
        assertEquals("010-1234-5678", shipping.getString("phone"));
        assertEquals("1 Flower Road, Seoul", shipping.getString("address"));

        var row = TestDatabase.rows("order", "SELECT * FROM orders WHERE id = ?", id).get(0);
        assertNotNull(row.get("pii_key_id"));
        for (String column : List.of("ship_name", "ship_phone", "ship_address")) {
            assertTrue(row.get(column) instanceof byte[], () -> column + " is binary");
        }
        // nonce(12) + ciphertext + tag(16): the value is sealed, not merely encoded
        assertEquals(12 + "Kim Lily".length() + 16, ((byte[]) row.get("ship_name")).length);
        for (var cell : row.entrySet()) {
            Object value = cell.getValue();
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
            for (String secret : List.of("Kim Lily", "010-1234-5678", "Flower Road", "Seoul")) {
                assertTrue(!text.contains(secret), () -> cell.getKey() + " holds " + secret + " in the clear");
            }
        }
        Http.Reply stranger = shop.newShopper().http().get("/order/orders/" + id);
        assertEquals(404, stranger.status(), stranger::toString);
        Http.Reply cancelled = buyer.http().post("/order/orders/" + id + "/cancel", null);
        assertEquals(200, cancelled.status(), cancelled::toString);
    }

    @Test
    void fullLifeThroughEveryStatusAndRestock() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long lily = shop.product("Lily " + System.nanoTime(), 12_000, 10);
        JsonObject placed = place(buyer, items(lily, 2));
        String id = placed.getString("id");
        assertEquals(24_000, placed.getJsonNumber("total").longValue());
        JsonObject item = placed.getJsonArray("items").getJsonObject(0);
        assertEquals(12_000, item.getJsonNumber("unitPrice").longValue());
        assertTrue(item.getString("name").startsWith("Lily"));
        assertNotNull(placed.getString("paymentDeadline"));
        shop.awaitLedger(lily, 8, 2, 0);

        Http.Reply paid = buyer.http().post("/order/orders/" + id + "/payment", json("paymentToken", "tok_ok"));
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.json().getString("status"));
        shop.awaitLedger(lily, 8, 0, 2);

        JsonObject delivered = awaitStatus(buyer, id, "DELIVERED");
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED"), timeline(delivered));
        Http.Reply returned = buyer.http().post("/order/orders/" + id + "/return", null);
        assertEquals(200, returned.status(), returned::toString);
        assertEquals("RETURN_REQUESTED", returned.json().getString("status"));
        JsonObject done = awaitStatus(buyer, id, "RETURNED");
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED", "RETURN_REQUESTED", "RETURNED"),
                timeline(done));
        assertEquals(24_000, done.getJsonObject("refund").getJsonNumber("amount").longValue());
        shop.awaitLedger(lily, 10, 0, 0);
    }

    @Test
    void expiryReleasesStockExactlyOnceAndALatePaymentChargesNothing() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long rose = shop.product("Rose " + System.nanoTime(), 5_000, 3);
        String id = place(buyer, items(rose, 3)).getString("id");
        shop.awaitLedger(rose, 0, 3, 0);
        Http.Reply declined = buyer.http().post("/order/orders/" + id + "/payment", json("paymentToken", "tok_declined"));
        assertProblem(declined, 402, "payment-declined");
        assertEquals("PAYMENT_PENDING", order(buyer, id).getString("status"));

        JsonObject expired = awaitStatus(buyer, id, "EXPIRED");
        assertEquals(List.of("PAYMENT_PENDING", "EXPIRED"), timeline(expired));
        shop.awaitLedger(rose, 3, 0, 0);
        assertEquals(1, TestDatabase.rows("order",
                "SELECT id FROM stock_outbox WHERE order_id = ? AND action = 'RELEASE'", id).size());

        assertProblem(buyer.http().post("/order/orders/" + id + "/payment", json("paymentToken", "tok_ok")),
                409, "not-payable");
        assertEquals(null, TestDatabase.rows("order", "SELECT payment_ref FROM orders WHERE id = ?", id)
                .get(0).get("payment_ref"));
        assertEquals(List.of("PAYMENT_PENDING", "EXPIRED"), timeline(order(buyer, id)));
        shop.awaitLedger(rose, 3, 0, 0);
    }

    @Test
    void cancelBeforePaymentAfterPaymentAndNotOnceShipping() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long tulip = shop.product("Tulip " + System.nanoTime(), 3_000, 5);

        String pending = place(buyer, items(tulip, 1)).getString("id");
        Http.Reply cancelled = buyer.http().post("/order/orders/" + pending + "/cancel", null);
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", cancelled.json().getString("status"));
        shop.awaitLedger(tulip, 5, 0, 0);

        String paid = place(buyer, items(tulip, 2)).getString("id");
        assertEquals(200, buyer.http().post("/order/orders/" + paid + "/payment", json("paymentToken", "tok_ok")).status());
        Http.Reply refunded = buyer.http().post("/order/orders/" + paid + "/cancel", null);
        assertEquals(200, refunded.status(), refunded::toString);
        assertEquals(6_000, refunded.json().getJsonObject("refund").getJsonNumber("amount").longValue());
        shop.awaitLedger(tulip, 5, 0, 0);

        String shipping = place(buyer, items(tulip, 1)).getString("id");
        assertEquals(200, buyer.http().post("/order/orders/" + shipping + "/payment", json("paymentToken", "tok_ok")).status());
        awaitStatus(buyer, shipping, "SHIPPING");
        assertProblem(buyer.http().post("/order/orders/" + shipping + "/cancel", null), 409, "not-cancellable");
        awaitStatus(buyer, shipping, "DELIVERED");
        shop.awaitLedger(tulip, 4, 0, 1);
        // The return window (8 s on the test server) closes: then a return is refused.
        Instant delivered = Instant.parse(order(buyer, shipping).getJsonArray("timeline").getJsonObject(3).getString("at"));
        await().atMost(STEP_WAIT).until(() -> Instant.now().isAfter(delivered.plusSeconds(9)));
        assertProblem(buyer.http().post("/order/orders/" + shipping + "/return", null), 409, "not-returnable");
    }

    @Test
    void aSoldOutProductIsRefusedUntilItsUnitComesBackThenSoldAgain() throws Exception {
        requireServices();
        Shop.Shopper first = shop.newShopper();
        Shop.Shopper second = shop.newShopper();
        long rose = shop.product("Last rose " + System.nanoTime(), 9_000, 1);

        String only = place(first, items(rose, 1)).getString("id");
        // Refused by the catalog, then (sold-out hint) by order-war itself: the same answer.
        Http.Reply byCatalog = second.http().post("/order/orders", items(rose, 1));
        Http.Reply byHint = second.http().post("/order/orders", items(rose, 1));
        assertProblem(byCatalog, 409, "out-of-stock");
        assertProblem(byHint, 409, "out-of-stock");
        assertEquals(byCatalog.json().getString("detail"), byHint.json().getString("detail"));
        shop.awaitLedger(rose, 0, 1, 0);

        assertEquals(200, first.http().post("/order/orders/" + only + "/cancel", null).status());
        shop.awaitLedger(rose, 1, 0, 0);
        // The unit is offered again once the hint (1 s) lapses: the second shopper gets it.
        Http.Reply[] last = new Http.Reply[1];
        await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            last[0] = second.http().post("/order/orders", items(rose, 1));
            return last[0].status() != 409;
        });
        assertEquals(201, last[0].status(), last[0]::toString);
        shop.awaitLedger(rose, 0, 1, 0);
    }

    @Test
    void idempotencyKeyReplaysRefusesOtherBodiesAndInFlight() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long peony = shop.product("Peony " + System.nanoTime(), 7_000, 10);
        Http keyed = buyer.http().withHeader("Idempotency-Key", "checkout-1");
        Http.Reply first = keyed.post("/order/orders", items(peony, 1));
        assertEquals(201, first.status(), first::toString);
        Http.Reply replay = keyed.post("/order/orders", items(peony, 1));
        assertEquals(201, replay.status());
        assertEquals(first.body(), replay.body());
        assertEquals(first.header("Location"), replay.header("Location"));
        assertProblem(keyed.post("/order/orders", items(peony, 2)), 422, "idempotency-key-reused");
        assertEquals(1, TestDatabase.rows("order", "SELECT id FROM orders WHERE user_id = ?", buyer.id()).size());

        // A first request still running (its claim is in Redis) makes a second one wait: 409.
        String fingerprint = sha256("POST /orders " + peony + "x3");
        try (var redis = TestRedis.connect()) {
            redis.psetex("lili:order:idempotency:{user:" + buyer.id() + "}:" + sha256("in-flight"), 30_000,
                    "pending|someone-else|" + fingerprint);
        }
        assertProblem(buyer.http().withHeader("Idempotency-Key", "in-flight").post("/order/orders", items(peony, 3)),
                409, "request-in-flight");

        // Without a key every request is its own order.
        assertEquals(201, buyer.http().post("/order/orders", items(peony, 1)).status());
        assertEquals(201, buyer.http().post("/order/orders", items(peony, 1)).status());
        assertEquals(3, TestDatabase.rows("order", "SELECT id FROM orders WHERE user_id = ?", buyer.id()).size());
        shop.awaitLedger(peony, 7, 3, 0);
        for (var row : TestDatabase.rows("order", "SELECT id FROM orders WHERE user_id = ?", buyer.id())) {
            buyer.http().post("/order/orders/" + row.get("id") + "/cancel", null);
        }
        shop.awaitLedger(peony, 10, 0, 0);
    }

    @Test
    void wishlistCheckoutIsAllOrNothing() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long orchid = shop.product("Orchid " + System.nanoTime(), 20_000, 5);
        long daisy = shop.product("Daisy " + System.nanoTime(), 1_000, 1);
        assertProblem(buyer.http().put("/order/wishlist/items/999999999", json("quantity", 1)), 404, "not-found");
        assertEquals(200, buyer.http().put("/order/wishlist/items/" + orchid, json("quantity", 2)).status());
        Http.Reply list = buyer.http().put("/order/wishlist/items/" + daisy, json("quantity", 2));
        assertEquals(200, list.status(), list::toString);
        assertEquals(2, list.json().getJsonArray("items").size());
        JsonObject first = list.json().getJsonArray("items").getJsonObject(0);
        assertEquals(20_000, first.getJsonNumber("price").longValue());
        assertTrue(first.getString("name").startsWith("Orchid"));

        // Two daisies wanted, one in stock: nothing is ordered, nothing reserved, the list stays.
        assertProblem(buyer.http().post("/order/wishlist/checkout", null), 409, "out-of-stock");
        assertEquals(2, buyer.http().get("/order/wishlist").json().getJsonArray("items").size());
        shop.awaitLedger(orchid, 5, 0, 0);
        shop.awaitLedger(daisy, 1, 0, 0);

        assertEquals(200, buyer.http().put("/order/wishlist/items/" + daisy, json("quantity", 1)).status());
        Http.Reply checkout = buyer.http().post("/order/wishlist/checkout", null);
        assertEquals(201, checkout.status(), checkout::toString);
        assertEquals(2, checkout.json().getJsonArray("items").size());
        assertEquals(41_000, checkout.json().getJsonNumber("total").longValue());
        assertEquals(0, buyer.http().get("/order/wishlist").json().getJsonArray("items").size());
        assertProblem(buyer.http().delete("/order/wishlist/items/" + daisy), 404, "not-found");
        assertEquals(200, buyer.http().post("/order/orders/" + checkout.json().getString("id") + "/cancel", null).status());
        shop.awaitLedger(orchid, 5, 0, 0);
        shop.awaitLedger(daisy, 1, 0, 0);
    }

    @Test
    void anotherUsersOrderIs404OnEveryCall() throws Exception {
        requireServices();
        Shop.Shopper owner = shop.newShopper();
        Shop.Shopper other = shop.newShopper();
        long lily = shop.product("Lily " + System.nanoTime(), 9_000, 2);
        String id = place(owner, items(lily, 1)).getString("id");
        String base = "/order/orders/" + id;
        assertProblem(other.http().get(base), 404, "not-found");
        assertProblem(other.http().post(base + "/payment", json("paymentToken", "tok_ok")), 404, "not-found");
        assertProblem(other.http().post(base + "/cancel", null), 404, "not-found");
        assertProblem(other.http().post(base + "/return", null), 404, "not-found");
        assertEquals(0, other.http().get("/order/orders").json().getJsonArray("items").size());
        assertEquals(List.of("PAYMENT_PENDING"), timeline(order(owner, id)));
        Http.Reply history = owner.http().get("/order/orders?status=PAYMENT_PENDING");
        assertEquals(id, history.json().getJsonArray("items").getJsonObject(0).getString("id"));
        assertEquals(200, owner.http().post(base + "/cancel", null).status());
        shop.awaitLedger(lily, 2, 0, 0);
    }

    /**
     * Placements, checkouts and cancels are answered from the placement queue (async JAX-RS); a
     * refusal there used to complete the stage exceptionally, which RESTEasy logs as an unhandled
     * error (RESTEASY002020) before mapping it: a drop's refusals filled the log with errors.
     */
    @Test
    void refusalsAnsweredFromThePlacementQueueAreNotLoggedAsErrors() throws Exception {
        requireServices();
        ServerLog log = ServerLog.markAt(ServerLog.testServerDir(SERVER));
        Shop.Shopper owner = shop.newShopper();
        Shop.Shopper other = shop.newShopper();
        long aster = shop.product("Aster " + System.nanoTime(), 2_000, 1);
        String id = place(owner, items(aster, 1)).getString("id");

        assertProblem(other.http().post("/order/orders", items(aster, 1)), 409, "out-of-stock");
        assertProblem(other.http().post("/order/orders/" + id + "/cancel", null), 404, "not-found");
        assertEquals(200, other.http().put("/order/wishlist/items/" + aster, json("quantity", 1)).status());
        assertProblem(other.http().post("/order/wishlist/checkout", null), 409, "out-of-stock");
        assertEquals(200, owner.http().post("/order/orders/" + id + "/cancel", null).status());
        assertProblem(owner.http().post("/order/orders/" + id + "/cancel", null), 409, "not-cancellable");
        shop.awaitLedger(aster, 1, 0, 0);

        assertEquals(List.of(), log.lines(l -> l.contains(" E RESTEASY") || ServerLog.refusalIncident(l)));
    }

    @Test
    void timersDueWhileTheApplicationIsStoppedRunOnceAfterItStarts() throws Exception {
        requireServices();
        Shop.Shopper buyer = shop.newShopper();
        long lily = shop.product("Lily " + System.nanoTime(), 4_000, 4);
        String unpaid = place(buyer, items(lily, 1)).getString("id");
        String paid = place(buyer, items(lily, 2)).getString("id");
        assertEquals(200, buyer.http().post("/order/orders/" + paid + "/payment", json("paymentToken", "tok_ok")).status());
        Instant stoppedAt = Instant.now();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(localConnectorAddress()))) {
            var server = jmx.getMBeanServerConnection();
            ObjectName app = new ObjectName("WebSphere:service=com.ibm.websphere.application.ApplicationMBean,name=liliflora");
            server.invoke(app, "stop", null, null);
            // Every timer of both orders (expiry at 6 s, shipping at 3 s) comes due while stopped.
            await().atMost(STEP_WAIT).until(() -> Instant.now().isAfter(stoppedAt.plusSeconds(7)));
            server.invoke(app, "start", null, null);
        }
        await().atMost(STEP_WAIT).until(() -> shop.anonymous.get("/health/ready").status() == 200);
        assertEquals(List.of("PAYMENT_PENDING", "EXPIRED"), timeline(awaitStatus(buyer, unpaid, "EXPIRED")));
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED"),
                timeline(awaitStatus(buyer, paid, "DELIVERED")));
        shop.awaitLedger(lily, 2, 0, 2);
    }

    private static String localConnectorAddress() throws Exception {
        return Files.readString(ServerLog.testServerDir(SERVER).resolve("logs/state/com.ibm.ws.jmx.local.address"))
                .trim();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
