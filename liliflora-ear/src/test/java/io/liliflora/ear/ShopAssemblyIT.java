package io.liliflora.ear;

import static io.liliflora.testkit.ServiceChecks.assertReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Http;
import java.io.File;
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
        assertTrue(doc.body().contains("/catalog/time"), "catalog paths in " + doc.body());
    }
}
