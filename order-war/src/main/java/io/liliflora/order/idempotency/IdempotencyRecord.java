package io.liliflora.order.idempotency;

/**
 * What Redis holds under one key, as a string: {@code pending|<lease>|<fingerprint>} while the
 * first request runs, {@code done|<fingerprint>|<answer json>} after. Pure, so it is unit-tested.
 */
public record IdempotencyRecord(boolean done, String lease, String fingerprint, Answer answer) {

    public static IdempotencyRecord pending(String lease, String fingerprint) {
        return new IdempotencyRecord(false, lease, fingerprint, null);
    }

    public static IdempotencyRecord done(String fingerprint, Answer answer) {
        return new IdempotencyRecord(true, null, fingerprint, answer);
    }

    public String encode() {
        return done ? "done|" + fingerprint + "|" + answer.encode() : "pending|" + lease + "|" + fingerprint;
    }

    public static IdempotencyRecord decode(String text) {
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not an idempotency record");
        }
        return "done".equals(parts[0]) ? done(parts[1], Answer.decode(parts[2])) : pending(parts[1], parts[2]);
    }
}
