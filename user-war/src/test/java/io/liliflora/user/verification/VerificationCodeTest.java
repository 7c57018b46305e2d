package io.liliflora.user.verification;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationCodeTest {

    @Test
    void sixDigitsWithLeadingZerosKept() {
        EmailVerifications verifications = new EmailVerifications();
        Set<String> seen = new HashSet<>();
        boolean leadingZero = false;
        for (int i = 0; i < 2000; i++) {
            String code = verifications.newCode();
            assertTrue(code.matches("\\d{6}"), code);
            leadingZero |= code.startsWith("0");
            seen.add(code);
        }
        // 2000 draws from 10^6 codes: about 200 start with 0, and almost none repeat.
        assertTrue(leadingZero, "a code starting with 0 keeps its zero");
        assertTrue(seen.size() > 1990, "codes look random: " + seen.size());
    }
}
