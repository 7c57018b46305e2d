package io.liliflora.catalog.stock;

import static io.liliflora.catalog.CatalogApi.assertConserved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.CatalogApi;
import io.liliflora.testkit.Http;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch calls order-war's placement batches and stock outbox use (docs/internal-api.md):
 * one call carrying many orders, each answered as its single call would be, in the order asked,
 * and each idempotent by its order id.
 */
@ExtendWith(ArquillianExtension.class)
class BatchCallsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/catalog.war"));
    }

    private final CatalogApi api = new CatalogApi();
    private final String run = UUID.randomUUID().toString().substring(0, 8) + "-";

    @Test
    void aBatchWithMixedOutcomesAnswersEachOrderOnItsOwnAndAReplayChangesNothing() {
        long normal = api.normal("Batch vase", "home", 12_000, 3);
        long closed = api.drop("Batch drop, later", 10, 1, Instant.now().plusSeconds(3600));
        long open = api.drop("Batch drop, open", 10, 1, Instant.now().minusSeconds(1));
        JsonArray batch = Json.createArrayBuilder()
                .add(reserve("a", "u1", normal, 1))
                .add(reserve("b", "u2", normal, 2))
                .add(reserve("c", "u3", normal, 1))       // the first two took every unit
                .add(reserve("d", "u1", closed, 1))
                .add(reserve("e", "u1", open, 1))
                .add(reserve("f", "u1", open, 1))         // u1's limit is 1
                .add(reserve("g", "u4", 987_654_321L, 1)) // no such product
                .add(reserve("a", "u1", normal, 1))       // the first order again, in the same batch
                .build();

        JsonArray first = reserveAll(batch);
        assertEquals(8, first.size());
        assertReserved(first.getJsonObject(0), "a", 1);
        assertReserved(first.getJsonObject(1), "b", 2);
        assertRefused(first.getJsonObject(2), "c", 409, "out-of-stock");
        assertRefused(first.getJsonObject(3), "d", 409, "sale-not-open");
        assertReserved(first.getJsonObject(4), "e", 1);
        assertRefused(first.getJsonObject(5), "f", 422, "purchase-limit");
        assertRefused(first.getJsonObject(6), "g", 404, "not-found");
        assertReserved(first.getJsonObject(7), "a", 1);
        assertEquals(12_000, first.getJsonObject(0).getJsonArray("items").getJsonObject(0).getInt("unitPrice"));

        JsonArray again = reserveAll(batch);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(summary(first.getJsonObject(i)), summary(again.getJsonObject(i)), "answer " + i + " of the replay");
        }
        JsonObject ledger = api.ledger(normal);
        assertEquals(3, ledger.getInt("reserved"), ledger::toString);
        assertEquals(0, ledger.getInt("available"), ledger::toString);
        assertConserved(ledger);
        assertEquals(1, api.ledger(open).getInt("reserved"));
        assertEquals(0, api.ledger(closed).getInt("reserved"));
    }

    @Test
    void aTransitionBatchAnswersEachCallOnItsOwnAndAReplayChangesNothing() {
        long normal = api.normal("Batch lamp", "home", 30_000, 5);
        JsonArray reserved = reserveAll(Json.createArrayBuilder()
                .add(reserve("p", "u1", normal, 1)).add(reserve("q", "u2", normal, 2)).add(reserve("r", "u3", normal, 1)).build());
        reserved.forEach(v -> assertEquals(null, problemOf(v.asJsonObject()), v::toString));
        JsonArray calls = Json.createArrayBuilder()
                .add(call("p", "CONFIRM"))
                .add(call("q", "RELEASE"))
                .add(call("r", "RESTOCK"))       // reserved, never sold
                .add(call("never", "RELEASE"))   // never reserved: a harmless release
                .add(call("ghost", "CONFIRM"))   // never reserved: unknown
                .build();

        JsonArray first = transitionAll(calls);
        assertEquals("SOLD", first.getJsonObject(0).getString("state"), first::toString);
        assertEquals("RELEASED", first.getJsonObject(1).getString("state"), first::toString);
        assertRefused(first.getJsonObject(2), "r", 409, "reservation-not-sold");
        assertEquals("RELEASED", first.getJsonObject(3).getString("state"), first::toString);
        assertRefused(first.getJsonObject(4), "ghost", 404, "not-found");

        JsonArray again = transitionAll(calls);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(summary(first.getJsonObject(i)), summary(again.getJsonObject(i)), "answer " + i + " of the replay");
        }
        JsonObject ledger = api.ledger(normal);
        assertEquals(1, ledger.getInt("sold"), ledger::toString);
        assertEquals(1, ledger.getInt("reserved"), ledger::toString);
        assertEquals(3, ledger.getInt("available"), ledger::toString);
        assertConserved(ledger);
        // The never-reserved order's release is remembered: a late reserve of it is refused.
        JsonObject late = reserveAll(Json.createArrayBuilder().add(reserve("never", "u9", normal, 1)).build()).getJsonObject(0);
        assertRefused(late, "never", 409, "reservation-released");
    }

    @Test
    void aBatchIsForServicesAndIsValidatedWhole() {
        JsonObject body = Json.createObjectBuilder().add("reservations", Json.createArrayBuilder()
                .add(reserve("x", "u1", 1, 1))).build();
        assertEquals(403, api.admin.post("/catalog/internal/reservations/batch", body).status());
        assertEquals(400, api.service.post("/catalog/internal/reservations/batch",
                Json.createObjectBuilder().add("reservations", JsonValue.EMPTY_JSON_ARRAY).build()).status());
        Http.Reply badId = api.service.post("/catalog/internal/reservations/batch", Json.createObjectBuilder()
                .add("reservations", Json.createArrayBuilder().add(reserve("bad id!", "u1", 1, 1))).build());
        assertEquals(400, badId.status(), badId::toString);
        Http.Reply badAction = api.service.post("/catalog/internal/reservations/transitions", Json.createObjectBuilder()
                .add("calls", Json.createArrayBuilder().add(call("x", "RESERVE"))).build());
        assertEquals(400, badAction.status(), badAction::toString);
    }

    private JsonObject reserve(String order, String user, long productId, int quantity) {
        return Json.createObjectBuilder().add("orderId", run + order).add("userId", run + user)
                .add("items", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("productId", productId).add("quantity", quantity))).build();
    }

    private JsonObject call(String order, String action) {
        return Json.createObjectBuilder().add("orderId", run + order).add("action", action).build();
    }

    private JsonArray reserveAll(JsonArray reservations) {
        Http.Reply reply = api.service.post("/catalog/internal/reservations/batch",
                Json.createObjectBuilder().add("reservations", reservations).build());
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("outcomes");
    }

    private JsonArray transitionAll(JsonArray calls) {
        Http.Reply reply = api.service.post("/catalog/internal/reservations/transitions",
                Json.createObjectBuilder().add("calls", calls).build());
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("outcomes");
    }

    private void assertReserved(JsonObject outcome, String order, int quantity) {
        assertEquals(run + order, outcome.getString("orderId"), outcome::toString);
        assertEquals("RESERVED", outcome.getString("state"), outcome::toString);
        assertEquals(quantity, outcome.getJsonArray("items").getJsonObject(0).getInt("quantity"), outcome::toString);
    }

    private void assertRefused(JsonObject outcome, String order, int status, String kind) {
        assertEquals(run + order, outcome.getString("orderId"), outcome::toString);
        JsonObject problem = problemOf(outcome);
        assertTrue(problem != null, outcome::toString);
        assertEquals(status, problem.getInt("status"), outcome::toString);
        assertTrue(problem.getString("type").endsWith("/" + kind), outcome::toString);
    }

    private static JsonObject problemOf(JsonObject outcome) {
        return outcome.containsKey("problem") && !outcome.isNull("problem") ? outcome.getJsonObject("problem") : null;
    }

    /** What an answer says, without wording: state and items, or status and kind. */
    private static List<Object> summary(JsonObject outcome) {
        List<Object> s = new ArrayList<>();
        s.add(outcome.getString("orderId"));
        if (problemOf(outcome) != null) {
            s.add(problemOf(outcome).getInt("status"));
            s.add(problemOf(outcome).getString("type"));
        } else {
            s.add(outcome.getString("state"));
            s.add(String.valueOf(outcome.get("items")));
        }
        return s;
    }
}
