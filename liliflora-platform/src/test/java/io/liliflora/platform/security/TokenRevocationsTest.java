package io.liliflora.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TokenRevocationsTest {

    @Test
    void aRevokedJtiIsRefused() {
        assertEquals(TokenRevocations.Refusal.REVOKED, TokenRevocations.judge("1", null, 100));
    }

    @Test
    void tokensIssuedBeforeThePasswordChangeAreRefusedLaterOnesPass() {
        assertEquals(TokenRevocations.Refusal.ISSUED_BEFORE_RESET, TokenRevocations.judge(null, "101", 100));
        assertNull(TokenRevocations.judge(null, "101", 101));
        assertNull(TokenRevocations.judge(null, null, 100));
    }
}
