package io.liliflora.order;

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
    void unknownPathIsAProblem() {
        assertProblem(http.get("/order/no-such-thing"), 404, "not-found");
    }
}
