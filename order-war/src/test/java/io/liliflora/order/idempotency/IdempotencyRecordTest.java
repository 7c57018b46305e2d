package io.liliflora.order.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdempotencyRecordTest {

    @Test
    void pendingRoundTrips() {
        IdempotencyRecord r = IdempotencyRecord.decode(IdempotencyRecord.pending("lease-1", "fp").encode());
        assertFalse(r.done());
        assertEquals("lease-1", r.lease());
        assertEquals("fp", r.fingerprint());
    }

    @Test
    void doneKeepsStatusLocationAndBodyExactly() {
        Answer answer = new Answer(201, "application/json", "/order/orders/x",
                "{\"id\":\"x\",\"note\":\"a|b \\\"quoted\\\"\"}");
        IdempotencyRecord r = IdempotencyRecord.decode(IdempotencyRecord.done("fp", answer).encode());
        assertTrue(r.done());
        assertEquals(answer, r.answer());
    }

    @Test
    void problemAnswerWithoutLocation() {
        Answer answer = new Answer(409, "application/problem+json", null, "{\"type\":\"/problems/out-of-stock\"}");
        assertEquals(answer, IdempotencyRecord.decode(IdempotencyRecord.done("fp", answer).encode()).answer());
    }

    @Test
    void fingerprintsDifferPerBody() {
        assertNotEquals(Fingerprint.of("POST /orders 1x1"), Fingerprint.of("POST /orders 1x2"));
        assertEquals(64, Fingerprint.of("k").length());
    }
}
