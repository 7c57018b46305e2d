package io.liliflora.user;

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

/** The user WAR as built, deployed to a real Liberty against real MariaDB and Redis. */
@ExtendWith(ArquillianExtension.class)
class UserServiceIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/user.war"));
    }

    private final Http http = Http.testServer();

    @Test
    void readyWithItsOwnDatabaseAndRedis() {
        assertReady(http, "user");
    }

    @Test
    void schemaIsMigratedAtStart() {
        assertEquals("user", TestDatabase.rows("user", "SELECT service FROM schema_owner").get(0).get("service"));
        assertEquals(Boolean.TRUE, TestDatabase.rows("user",
                "SELECT success FROM flyway_schema_history WHERE version = '1'").get(0).get("success"));
    }

    @Test
    void unknownPathIsAProblem() {
        assertProblem(http.get("/user/no-such-thing"), 404, "not-found");
    }
}
