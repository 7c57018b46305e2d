package io.liliflora.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Test;

class ExactIntegersTest {

    public record Line(Long productId, Integer quantity) {
    }

    private final Jsonb jsonb = new ExactIntegers().getContext(Line.class);

    @Test
    void intsThatFitAreRead() {
        assertEquals(new Line(7L, 2), jsonb.fromJson("{\"productId\":7,\"quantity\":2}", Line.class));
        assertEquals(Integer.MAX_VALUE, jsonb.fromJson("{\"quantity\":2147483647}", Line.class).quantity());
        assertNull(jsonb.fromJson("{\"quantity\":null}", Line.class).quantity());
    }

    @Test
    void intsThatWouldWrapAreRefusedNotNarrowed() {
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"quantity\":4294967297}", Line.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"quantity\":2147483648}", Line.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"quantity\":1.5}", Line.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"quantity\":\"2\"}", Line.class));
    }

    @Test
    void longsAreLeftAsTheyWere() {
        assertEquals(4294967297L, jsonb.fromJson("{\"productId\":4294967297}", Line.class).productId());
    }
}
