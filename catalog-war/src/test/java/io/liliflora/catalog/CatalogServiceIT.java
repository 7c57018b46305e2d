package io.liliflora.catalog;

import static io.liliflora.testkit.ServiceChecks.assertProblem;
import static io.liliflora.testkit.ServiceChecks.assertReady;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalog WAR as built, deployed to a real Liberty against real MariaDB and Redis. */
@ExtendWith(ArquillianExtension.class)
class CatalogServiceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/catalog.war"));
    }

    private final Http http = Http.testServer();

    @Test
    void readyWithItsOwnDatabaseAndRedis() {
        assertReady(http, "catalog");
    }

    @Test
    void schemaIsMigratedAtStart() {
        assertEquals("catalog", TestDatabase.rows("catalog", "SELECT service FROM schema_owner").get(0).get("service"));
        assertEquals(Boolean.TRUE, TestDatabase.rows("catalog",
                "SELECT success FROM flyway_schema_history WHERE version = '1'").get(0).get("success"));
    }

    @Test
    void shopClockIsTheServerClock() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        Http.Reply reply = http.get("/catalog/time");
        assertEquals(200, reply.status());
        java.time.Instant now = java.time.Instant.parse(reply.json().getString("now"));
        org.junit.jupiter.api.Assertions.assertTrue(now.isAfter(before) && now.isBefore(before.plusSeconds(65)), now::toString);
    }

    @Test
    void unknownPathIsAProblem() {
        assertProblem(http.get("/catalog/no-such-thing"), 404, "not-found");
    }
}
