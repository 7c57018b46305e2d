package io.liliflora.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void typeEndsInTheKindSoClientsCanSwitchOnIt() {
        Problem p = new ProblemException(409, "out-of-stock", "Conflict", "gone").problem();
        assertEquals("/problems/out-of-stock", p.getType());
        assertEquals("out-of-stock", p.kind());
        assertEquals(409, p.getStatus());
    }

    @Test
    void validationNamesEveryField() {
        Problem p = ProblemException.validation(List.of(
                new Problem.FieldError("email", "must be a well-formed email address"),
                new Problem.FieldError("password", "size must be between 8 and 64"))).problem();
        assertEquals(400, p.getStatus());
        assertEquals("validation", p.kind());
        assertEquals(2, p.getErrors().size());
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertEquals(2, ProblemResponses.retryAfterSeconds(Duration.ofMillis(1200)));
        assertEquals(1, ProblemResponses.retryAfterSeconds(Duration.ZERO));
        assertEquals(60, ProblemResponses.retryAfterSeconds(Duration.ofSeconds(60)));
    }

    @Test
    void unreadableBodyIsFoundThroughWrappers() {
        assertTrue(UnreadableBody.isCause(new RuntimeException(new JsonbException("bad"))));
        assertTrue(UnreadableBody.isCause(new IllegalStateException(new RuntimeException(new JsonException("x")))));
        assertEquals(false, UnreadableBody.isCause(new IllegalStateException("db down")));
    }

    @Test
    void aDependencyDownIsFoundThroughWrappersAndIsA503() {
        assertTrue(DependencyOutage.isCause(new IllegalStateException(
                new redis.clients.jedis.exceptions.JedisConnectionException("Unexpected end of stream."))));
        assertTrue(DependencyOutage.isCause(new RuntimeException(new java.sql.SQLTransientConnectionException("pool"))));
        assertTrue(DependencyOutage.isCause(new IllegalStateException(new java.sql.SQLNonTransientException(
                "No operations allowed after connection closed.", "08003"))));
        assertEquals(false, DependencyOutage.isCause(new java.sql.SQLIntegrityConstraintViolationException("dup", "23000")));
        assertEquals(false, DependencyOutage.isCause(new IllegalStateException("a bug")));
        assertEquals(false, DependencyOutage.isCause(new redis.clients.jedis.exceptions.JedisDataException("script error")));
        assertEquals(503, DependencyOutage.problem().getStatus());
        assertEquals("service-unavailable", DependencyOutage.problem().kind());
    }
}
