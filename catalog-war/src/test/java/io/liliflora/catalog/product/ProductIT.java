package io.liliflora.catalog.product;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.CatalogApi;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The public and admin product API on a real Liberty. */
@ExtendWith(ArquillianExtension.class)
class ProductIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/catalog.war"));
    }

    private final CatalogApi api = new CatalogApi();

    @Test
    void adminCreatesEditsAndRestocksAndAnyoneSeesLiveStock() {
        long id = api.normal("White lily", "lily", 18_000, 7);
        JsonObject shown = api.anyone.get("/catalog/products/" + id).json();
        assertEquals("White lily", shown.getString("name"));
        assertEquals(7, shown.getInt("available"));
        assertEquals("ON_SALE", shown.getString("status"));
        assertEquals("NORMAL", shown.getString("saleType"));
        assertEquals(JsonValue.NULL, shown.get("opensAt"), "a normal product has no opening time, and says so");

        Http.Reply edited = api.admin.patch("/catalog/products/" + id, Http.json("price", 21_000L, "name", "Lily"));
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(21_000, edited.json().getInt("price"));
        assertEquals("Lily", edited.json().getString("name"));
        assertEquals("lily", edited.json().getString("category"));

        Http.Reply restocked = api.admin.post("/catalog/products/" + id + "/stock", Http.json("add", 5));
        assertEquals(200, restocked.status(), restocked::toString);
        assertEquals(12, restocked.json().getInt("available"));
        JsonObject ledger = api.ledger(id);
        assertEquals(12, ledger.getInt("total"));
        assertEquals(12, ledger.getInt("available"));
        assertEquals(0, ledger.getInt("reserved"));
        assertEquals(0, ledger.getInt("sold"));
    }

    @Test
    void aDropIsUpcomingUntilItOpens() {
        Instant opens = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long id = api.drop("Midnight peony", 3, 1, opens);
        JsonObject shown = api.anyone.get("/catalog/products/" + id).json();
        assertEquals("UPCOMING", shown.getString("status"));
        // Kept to the second (MariaDB through Connector/J stores whole seconds).
        assertEquals(opens.getEpochSecond(), Instant.parse(shown.getString("opensAt")).getEpochSecond());
        assertEquals(1, shown.getInt("perUserLimit"));
        long open = api.drop("Open peony", 3, 1, Instant.now().minusSeconds(5));
        assertEquals("ON_SALE", api.anyone.get("/catalog/products/" + open).json().getString("status"));
    }

    @Test
    void onlyAnAdminChangesProducts() {
        JsonObject body = Http.json("name", "x", "description", "", "category", "c", "price", 1L, "saleType", "NORMAL", "stock", 1L);
        assertEquals(401, api.anyone.post("/catalog/products", body).status());
        assertEquals(403, api.anyone.withToken(TestTokens.user("5")).post("/catalog/products", body).status());
        long id = api.normal("Guarded", "c", 1, 1);
        assertEquals(403, api.anyone.withToken(TestTokens.user("5")).patch("/catalog/products/" + id, Http.json("price", 0L)).status());
        assertEquals(403, api.anyone.withToken(TestTokens.user("5")).get("/catalog/products/" + id + "/stock").status());
        assertEquals(403, api.anyone.withToken(TestTokens.user("5")).post("/catalog/products/" + id + "/stock", Http.json("add", 1)).status());
    }

    @Test
    void badInputIsAProblemNamingEveryField() {
        JsonObject problem = assertProblem(api.admin.post("/catalog/products",
                Http.json("name", " ", "price", -1L, "saleType", "AUCTION", "stock", -5L)), 400, "validation");
        Set<String> fields = problem.getJsonArray("errors").stream()
                .map(e -> e.asJsonObject().getString("field")).collect(Collectors.toSet());
        assertTrue(fields.containsAll(List.of("name", "description", "category", "price", "saleType", "stock")), fields::toString);

        JsonObject drop = assertProblem(api.admin.post("/catalog/products", Http.json("name", "d", "description", "",
                "category", "c", "price", 1L, "saleType", "RESERVATION", "stock", 1L)), 400, "validation");
        assertEquals(2, drop.getJsonArray("errors").size(), drop::toString);

        assertProblem(api.admin.post("/catalog/products", "{not json"), 400, "malformed-body");
        assertProblem(api.anyone.get("/catalog/products/999999999"), 404, "not-found");
        assertProblem(api.anyone.get("/catalog/products/abc"), 404, "not-found");
        assertProblem(api.admin.patch("/catalog/products/999999999", Http.json("price", 1L)), 404, "not-found");
        long id = api.normal("Restock me", "c", 1, 1);
        assertProblem(api.admin.post("/catalog/products/" + id + "/stock", Http.json("add", 0)), 400, "validation");
        assertProblem(api.anyone.get("/catalog/products?page=-1&size=500&sort=cheapest"), 400, "validation");
    }

    @Test
    void theListFiltersSortsAndPages() {
        String category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        api.normal("Cheap", category, 100, 1);
        api.normal("Dear", category, 900, 1);
        api.normal("Middle", category, 500, 1);
        api.drop("Drop in category", category, 1, 1, Instant.now().plusSeconds(60));

        JsonObject page = api.anyone.get("/catalog/products?category=" + category + "&sort=price_asc&size=2").json();
        assertEquals(4, page.getInt("totalItems"));
        assertEquals(2, page.getInt("totalPages"));
        assertEquals(2, page.getInt("size"));
        assertEquals(List.of("Cheap", "Middle"), names(page));

        JsonObject second = api.anyone.get("/catalog/products?category=" + category + "&sort=price_asc&size=2&page=1").json();
        assertEquals(List.of("Dear", "Drop in category"), names(second));

        JsonObject dear = api.anyone.get("/catalog/products?category=" + category + "&sort=price_desc&saleType=NORMAL").json();
        assertEquals(List.of("Dear", "Middle", "Cheap"), names(dear));

        JsonObject newest = api.anyone.get("/catalog/products?category=" + category + "&sort=newest").json();
        assertEquals("Drop in category", names(newest).get(0));
        JsonObject drops = api.anyone.get("/catalog/products?category=" + category + "&saleType=RESERVATION").json();
        assertEquals(List.of("Drop in category"), names(drops));
        assertEquals("UPCOMING", drops.getJsonArray("items").getJsonObject(0).getString("status"));
    }

    @Test
    void servicesLookProductsUpByIds() {
        long a = api.normal("Lookup A", "c", 10, 2);
        Http.Reply reply = api.service.get("/catalog/internal/products?ids=" + a + ",987654321");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, reply.json().getJsonArray("items").size());
        JsonObject item = reply.json().getJsonArray("items").getJsonObject(0);
        assertEquals(a, item.getJsonNumber("id").longValue());
        assertEquals(2, item.getInt("available"));
        assertEquals("ON_SALE", item.getString("status"));
        assertProblem(api.service.get("/catalog/internal/products?ids=x"), 400, "validation");
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("items").stream().map(JsonValue::asJsonObject).map(o -> o.getString("name")).toList();
    }
}
