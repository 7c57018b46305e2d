package io.liliflora.split;

import static io.liliflora.testkit.Http.json;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static io.liliflora.testkit.Shop.awaitStatus;
import static io.liliflora.testkit.Shop.items;
import static io.liliflora.testkit.Shop.order;
import static io.liliflora.testkit.Shop.place;
import static io.liliflora.testkit.Shop.timeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order flow of the SPEC through the gateway in split mode: every call of a journey may land
 * on another replica (nginx round-robins catalog and order), so nothing may live in one server's
 * memory. The servers run timings in seconds (payment window 20 s: long enough for a slow,
 * shared machine to pay in time; ship and deliver after 3 s, return window 8 s, return completes
 * after 3 s).
 */
class OrderFlowThroughGatewayIT extends SplitShop {

    @Test
    void signedUpShopperOrdersPaysAndTheTimersShipDeliverAndCompleteTheReturn() throws Exception {
        Shop.Shopper buyer = shop.newShopper();
        long lily = shop.product("Lily " + System.nanoTime(), 12_000, 10);
        JsonObject placed = place(buyer, items(lily, 2));
        String id = placed.getString("id");
        assertEquals(24_000, placed.getJsonNumber("total").longValue());

        Http.Reply paid = buyer.http().post("/order/orders/" + id + "/payment", json("paymentToken", "tok_ok"));
        assertEquals(200, paid.status(), paid::toString);
        shop.awaitLedger(lily, 8, 0, 2);
        JsonObject delivered = awaitStatus(buyer, id, "DELIVERED");
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED"), timeline(delivered));

        Http.Reply returned = buyer.http().post("/order/orders/" + id + "/return", null);
        assertEquals(200, returned.status(), returned::toString);
        assertEquals(List.of("PAYMENT_PENDING", "PAID", "SHIPPING", "DELIVERED", "RETURN_REQUESTED", "RETURNED"),
                timeline(awaitStatus(buyer, id, "RETURNED")));
        shop.awaitLedger(lily, 10, 0, 0);
    }

    @Test
    void unpaidOrderExpiresOnceAndCancelReleasesStock() throws Exception {
        Shop.Shopper buyer = shop.newShopper();
        long rose = shop.product("Rose " + System.nanoTime(), 5_000, 5);
        String unpaid = place(buyer, items(rose, 3)).getString("id");
        String cancelled = place(buyer, items(rose, 2)).getString("id");
        Http.Reply cancel = buyer.http().post("/order/orders/" + cancelled + "/cancel", null);
        assertEquals(200, cancel.status(), cancel::toString);
        assertEquals(List.of("PAYMENT_PENDING", "CANCELLED"), timeline(order(buyer, cancelled)));

        assertEquals(List.of("PAYMENT_PENDING", "EXPIRED"), timeline(awaitStatus(buyer, unpaid, "EXPIRED")));
        shop.awaitLedger(rose, 5, 0, 0);
        assertProblem(buyer.http().post("/order/orders/" + unpaid + "/payment", json("paymentToken", "tok_ok")),
                409, "not-payable");
        assertEquals(1, TestDatabase.rows("order",
                "SELECT id FROM stock_outbox WHERE order_id = ? AND action = 'RELEASE'", unpaid).size());
        assertEquals(List.of("PAYMENT_PENDING", "EXPIRED"), timeline(order(buyer, unpaid)));
    }

    @Test
    void idempotencyKeyReplaysOnWhicheverOrderServerTheRetryLands() throws Exception {
        Shop.Shopper buyer = shop.newShopper();
        long peony = shop.product("Peony " + System.nanoTime(), 7_000, 10);
        // The first try on order-1, the retries on order-2 and through the gateway.
        Http.Reply first = SplitMode.server("order-1").withToken(buyer.accessToken())
                .withHeader("Idempotency-Key", "checkout-1").post("/order/orders", items(peony, 1));
        assertEquals(201, first.status(), first::toString);
        Http.Reply onTheOther = SplitMode.server("order-2").withToken(buyer.accessToken())
                .withHeader("Idempotency-Key", "checkout-1").post("/order/orders", items(peony, 1));
        assertEquals(201, onTheOther.status(), onTheOther::toString);
        assertEquals(first.body(), onTheOther.body());
        assertProblem(buyer.http().withHeader("Idempotency-Key", "checkout-1").post("/order/orders", items(peony, 2)),
                422, "idempotency-key-reused");
        assertEquals(1, TestDatabase.rows("order", "SELECT id FROM orders WHERE user_id = ?", buyer.id()).size());
        shop.awaitLedger(peony, 9, 1, 0);
        assertEquals(200, buyer.http().post("/order/orders/" + first.json().getString("id") + "/cancel", null).status());
        shop.awaitLedger(peony, 10, 0, 0);
    }

    @Test
    void gatewayRoutesEveryServiceAndNeverTheInternalApis() throws Exception {
        Shop.Shopper buyer = shop.newShopper();
        assertEquals(200, buyer.http().get("/user/me").status());
        assertEquals(200, buyer.http().get("/order/wishlist").status());
        assertEquals(200, shop.anonymous.get("/catalog/time").status());
        // Even with a valid service token, the public gateway does not route /*/internal/.
        Http service = shop.anonymous.withToken(TestTokens.service("order"));
        assertEquals(404, service.get("/catalog/internal/products?ids=1").status());
        assertEquals(404, service.get("/user/internal/users/" + buyer.id() + "/shipping").status());
        // A logout on user-1 is honoured by every replica of the other services.
        assertEquals(204, buyer.http().post("/user/logout", null).status());
        for (String server : List.of("order-1", "order-2", "catalog-1", "catalog-2")) {
            Http.Reply refused = SplitMode.server(server).withToken(buyer.accessToken())
                    .get(server.startsWith("order") ? "/order/wishlist" : "/catalog/products/1/stock");
            assertTrue(refused.status() == 401, () -> server + " let a revoked token through: " + refused);
        }
    }
}
