package io.liliflora.ear;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static io.liliflora.testkit.ServiceChecks.assertReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestTokens;
import java.io.File;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assembled EAR, all three WARs on one server: what the Quick start runs. */
@ExtendWith(ArquillianExtension.class)
class ShopAssemblyIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File("target/liliflora.ear"));
    }

    private final Http http = Http.testServer();

    @Test
    void everyServiceIsReady() {
        Http.Reply health = http.get("/health");
        assertEquals(200, health.status(), health::toString);
        assertEquals("UP", health.json().getString("status"));
        for (String service : new String[] {"user", "catalog", "order"}) {
            assertReady(http, service);
        }
    }

    @Test
    void openApiDocumentCoversTheServices() {
        Http.Reply doc = http.get("/openapi?format=JSON");
        assertEquals(200, doc.status());
        for (String path : new String[] {"/user/signup", "/catalog/products"}) {
            assertTrue(doc.body().contains("\"" + path + "\""), path + " in the OpenAPI document");
        }
        // Liberty merges order-war's paths without their context root (seen on 26.0.0.3; the
        // other two WARs keep theirs): checked as present, the prefix is a known gap.
        assertTrue(doc.body().contains("/orders/{id}/payment\""), "order paths in the OpenAPI document");
    }

    @Test
    void malformedJsonIsA400ProblemInEveryWar() {
        Http admin = http.withToken(TestTokens.admin());
        Http shopper = http.withToken(TestTokens.user("424242"));
        Map<String, Http> posts = Map.of(
                "POST /user/login", http,
                "POST /user/email-verifications", http,
                "POST /catalog/products", admin,
                "POST /order/orders", shopper,
                "PUT /order/wishlist/items/1", shopper);
        for (String body : new String[] {"{\"email\":", "not json", "[1,2", "{\"items\": {\"productId\": \"x\"}}"}) {
            posts.forEach((call, caller) -> {
                String[] methodAndPath = call.split(" ");
                Http.Reply reply = caller.send(methodAndPath[0], methodAndPath[1], body);
                assertEquals(400, reply.status(), () -> call + " with " + body + ": " + reply);
                assertProblem(reply, 400, reply.problemKind());
            });
        }
        assertProblem(http.post("/user/login", "{\"email\": 42, \"password\": []}"), 400, "malformed-body");
    }
}
