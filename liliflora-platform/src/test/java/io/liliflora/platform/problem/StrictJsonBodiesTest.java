package io.liliflora.platform.problem;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonBodiesTest {

    private static void check(String body) {
        StrictJsonBodies.check(body.getBytes(StandardCharsets.UTF_8), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"items\":[{\"productId\":1,\"quantity\":2}]}", "{}", " {\"a\":\"\\u0000 \\ud83c\\udf37\"} ",
            "{\"price\":100.0}", "{\"n\":-9223372036854775808}", "{\"n\":1e2}", "{\"a\":null,\"b\":true}"})
    void wellFormedObjectsPass(String body) {
        assertDoesNotThrow(() -> check(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"a\":1}]", "{\"a\":1}}}", "{\"a\":1} {\"b\":2}", "\"x\"", "42", "null", "{\"a\":",
            "{\"n\":1.5}", "{\"n\":1e309}", "{\"n\":9223372036854775808}", "{\"n\":-9223372036854775809}", "flowers"})
    void anythingElseIsAMalformedBody(String body) {
        ProblemException refused = assertThrows(ProblemException.class, () -> check(body));
        assertEquals(400, refused.problem().getStatus());
        assertEquals("malformed-body", refused.problem().kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {StrictJsonBodies.MAX_DEPTH + 1, 100_000})
    void deepNestingIsRefusedWithoutBlowingTheStack(int depth) {
        String body = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThrows(ProblemException.class, () -> check(body));
    }

    @ParameterizedTest
    @ValueSource(ints = {StrictJsonBodies.MAX_DEPTH - 1})
    void nestingUpToTheLimitPasses(int depth) {
        assertDoesNotThrow(() -> check("{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}"));
    }
}
