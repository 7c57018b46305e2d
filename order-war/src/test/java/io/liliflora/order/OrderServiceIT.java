package io.liliflora.order;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static io.liliflora.testkit.ServiceChecks.assertReady;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import io.liliflora.testkit.TestDatabase;
import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The order WAR as built, deployed to a real Liberty against real MariaDB and Redis. */
@ExtendWith(ArquillianExtension.class)
class OrderServiceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/order.war"));
    }

    private final Http http = Http.testServer();

    @Test
    void readyWithItsOwnDatabaseAndRedis() {
        assertReady(http, "order");
    }

    @Test
    void schemaIsMigratedAtStart() {
        assertEquals("order", TestDatabase.rows("order", "SELECT service FROM schema_owner").get(0).get("service"));
        assertEquals(Boolean.TRUE, TestDatabase.rows("order",
                "SELECT success FROM flyway_schema_history WHERE version = '1'").get(0).get("success"));
    }

    @Test
    void orderTablesAreMigrated() {
        assertEquals(Boolean.TRUE, TestDatabase.rows("order",
                "SELECT success FROM flyway_schema_history WHERE version = '2'").get(0).get("success"));
        assertEquals(0L, ((Number) TestDatabase.rows("order", "SELECT COUNT(*) AS n FROM stock_outbox WHERE 1 = 0")
                .get(0).get("n")).longValue());
    }

    @Test
    void everyOrderCallNeedsAUserToken() {
        assertEquals(401, http.get("/order/orders").status());
        assertEquals(401, http.get("/order/wishlist").status());
        assertEquals(403, http.withToken(TestTokens.service("catalog")).get("/order/orders").status());
    }

    @Test
    void emptyHistoryAndWishlistOfANewUser() {
        Http me = http.withToken(TestTokens.user("900001"));
        Http.Reply orders = me.get("/order/orders");
        assertEquals(200, orders.status(), orders::toString);
        assertEquals(0, orders.json().getJsonArray("items").size());
        assertEquals(0, orders.json().getInt("totalItems"));
        Http.Reply wishlist = me.get("/order/wishlist");
        assertEquals(200, wishlist.status(), wishlist::toString);
        assertEquals(0, wishlist.json().getJsonArray("items").size());
    }

    @Test
    void unknownOrderIs404() {
        assertProblem(http.withToken(TestTokens.user("900001")).get("/order/orders/nope"), 404, "not-found");
        assertProblem(http.withToken(TestTokens.user("900001")).post("/order/orders/nope/cancel", null), 404, "not-found");
    }

    @Test
    void invalidOrderNamesEveryField() {
        Http me = http.withToken(TestTokens.user("900001"));
        var problem = assertProblem(me.post("/order/orders", "{\"items\": [{\"productId\": -1, \"quantity\": 0}]}"),
                400, "validation");
        assertEquals(2, problem.getJsonArray("errors").size(), problem::toString);
        assertProblem(me.post("/order/orders", "{\"items\": []}"), 400, "validation");
        assertProblem(me.post("/order/orders", "{not json"), 400, "malformed-body");
        assertProblem(me.get("/order/orders?status=LOST"), 400, "validation");
    }

    @Test
    void missingDependenciesAre503WithRetryAfterAndNothingStored() {
        // Only this WAR is deployed here: accounts and catalog answer 404 pages, not problems.
        Http me = http.withToken(TestTokens.user("900002"));
        Http.Reply reply = me.withHeader("Idempotency-Key", "k-503")
                .post("/order/orders", "{\"items\": [{\"productId\": 1, \"quantity\": 1}]}");
        assertProblem(reply, 503, "service-unavailable");
        assertEquals("5", reply.header("Retry-After"));
        assertEquals(0, TestDatabase.rows("order", "SELECT id FROM orders WHERE user_id = '900002'").size());
        // A 503 is not kept for the key: the retry is a real second try (503 again here, not 409).
        assertProblem(me.withHeader("Idempotency-Key", "k-503")
                .post("/order/orders", "{\"items\": [{\"productId\": 1, \"quantity\": 1}]}"), 503, "service-unavailable");
    }

    @Test
    void unknownPathIsAProblem() {
        assertProblem(http.get("/order/no-such-thing"), 404, "not-found");
    }
}
