package io.liliflora.ear;

import static io.liliflora.testkit.Shop.items;
import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog unreachable from order-war (the link between them cut): buyers get a 503 problem
 * with Retry-After, soon without order-war even trying (its circuit breaker is open), and once the
 * link is back orders succeed again with no unit of stock leaked by the failed attempts.
 */
class CatalogOutageIT extends AssembledShop {

    @AfterAll
    static void healTheLink() {
        CatalogLink.shared().restore();
    }

    @Test
    void catalogDownIsAFast503AndNothingLeaksOnceItIsBack() throws Exception {
        CatalogLink link = CatalogLink.shared();
        long product = shop.product("Outage lily", 5_000, 5);
        Shop.Shopper buyer = shop.newShopper();
        Http.Reply before = buyer.http().post("/order/orders", items(product, 1));
        assertEquals(201, before.status(), before::toString);
        // Paid at once: the test server's payment window is seconds long, and an expired order
        // would give its unit back while the outage is still being driven (a slow machine).
        pay(buyer, before);

        link.cut();
        try {
            // Timeouts first, until the breaker has seen enough failures to open.
            for (int i = 0; i < 4; i++) {
                Http.Reply down = buyer.http().post("/order/orders", items(product, 1));
                assertProblem(down, 503, "service-unavailable");
                assertNotNull(down.header("Retry-After"), "Retry-After on " + down);
            }
            int attempts = link.connections();
            long started = System.nanoTime();
            Http.Reply open = buyer.http().post("/order/orders", items(product, 1));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertProblem(open, 503, "service-unavailable");
            assertEquals(attempts, link.connections(), "an open breaker does not call the catalog at all");
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "answered without waiting for a timeout: " + took);
        } finally {
            link.restore();
        }

        // Back: the breaker closes again after its delay and orders go through.
        Http.Reply after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> buyer.http().post("/order/orders", items(product, 1)), reply -> reply.status() == 201);
        pay(buyer, after);
        // Only the two placed (and paid) orders hold stock, as sold once the catalog has confirmed them.
        shop.awaitLedger(product, 3, 0, 2);
    }

    private static void pay(Shop.Shopper buyer, Http.Reply placed) {
        String id = placed.json().get("id").toString().replace("\"", "");
        Http.Reply paid = buyer.http().post("/order/orders/" + id + "/payment", Http.json("paymentToken", "tok_ok"));
        assertEquals(200, paid.status(), paid::toString);
    }
}
