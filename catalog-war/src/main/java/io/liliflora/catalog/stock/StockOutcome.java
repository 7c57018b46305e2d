package io.liliflora.catalog.stock;

import java.util.List;

/**
 * What the engine answers a command. Only outcomes whose {@link Verdict#durable()} is true were
 * written to the ledger before being answered (or were already there: a replay).
 */
public record StockOutcome(Verdict verdict, String orderId, String state, List<ReservedItem> items, Long productId) {

    public enum Verdict {
        RESERVED, SOLD, RELEASED, RESTOCKED, ADDED,
        NOT_FOUND, OUT_OF_STOCK, SALE_NOT_OPEN, PURCHASE_LIMIT,
        ALREADY_RELEASED, ALREADY_SOLD, NOT_SOLD,
        /** The product's hot counters are being rebuilt from the ledger: try again shortly. */
        REBUILDING,
        /** The lock could not be had within the bounded wait, or the write was fenced off repeatedly. */
        BUSY;

        public boolean durable() {
            return this == RESERVED || this == SOLD || this == RELEASED || this == RESTOCKED || this == ADDED;
        }
    }

    /** A reserved line with the price and name charged, as snapshotted at reservation. */
    public record ReservedItem(long productId, String name, long unitPrice, int quantity) {
    }

    static StockOutcome of(Verdict verdict, String orderId, String state, List<ReservedItem> items) {
        return new StockOutcome(verdict, orderId, state, items, null);
    }

    static StockOutcome refused(Verdict verdict, String orderId, Long productId) {
        return new StockOutcome(verdict, orderId, null, List.of(), productId);
    }
}
