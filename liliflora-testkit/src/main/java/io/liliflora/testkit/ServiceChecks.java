package io.liliflora.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.stream.Collectors;

/** Assertions every service's container tests share. */
public final class ServiceChecks {

    private ServiceChecks() {
    }

    /** The named readiness checks of a service, as name -> status. */
    public static Map<String, String> readiness(Http http) {
        Http.Reply reply = http.get("/health/ready");
        return reply.json().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status"), (a, b) -> a));
    }

    /** The service's database and Redis checks exist and are UP. */
    public static void assertReady(Http http, String service) {
        Map<String, String> checks = readiness(http);
        assertEquals("UP", checks.get(service + "-database"), "database check of " + service + ": " + checks);
        assertEquals("UP", checks.get(service + "-redis"), "redis check of " + service + ": " + checks);
    }

    /** An RFC 9457 answer with this status and kind, and no trace of a stack. */
    public static JsonObject assertProblem(Http.Reply reply, int status, String kind) {
        assertEquals(status, reply.status(), () -> "status of " + reply);
        assertTrue(String.valueOf(reply.contentType()).startsWith("application/problem+json"),
                () -> "content type of " + reply + ": " + reply.contentType());
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"), "status member");
        assertTrue(problem.getString("type").endsWith("/" + kind), () -> "kind of " + reply);
        assertTrue(problem.containsKey("title"), "title member");
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat "),
                () -> "stack trace leaked: " + reply);
        return problem;
    }
}
