package io.liliflora.order;

import java.util.EnumSet;
import java.util.Set;

/** Where an order stands, and which steps may follow each status (the SPEC's status machine). */
public enum OrderStatus {
    PAYMENT_PENDING, PAID, SHIPPING, DELIVERED, EXPIRED, CANCELLED, RETURN_REQUESTED, RETURNED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PAYMENT_PENDING -> EnumSet.of(PAID, EXPIRED, CANCELLED);
            case PAID -> EnumSet.of(SHIPPING, CANCELLED);
            case SHIPPING -> EnumSet.of(DELIVERED);
            case DELIVERED -> EnumSet.of(RETURN_REQUESTED);
            case RETURN_REQUESTED -> EnumSet.of(RETURNED);
            case EXPIRED, CANCELLED, RETURNED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    /**
     * The step the timers take by themselves from this status, or null when only a shopper moves
     * the order on (DELIVERED: a return is the shopper's choice) or the order is finished.
     */
    public OrderStatus automaticStep() {
        return switch (this) {
            case PAYMENT_PENDING -> EXPIRED;
            case PAID -> SHIPPING;
            case SHIPPING -> DELIVERED;
            case RETURN_REQUESTED -> RETURNED;
            case DELIVERED, EXPIRED, CANCELLED, RETURNED -> null;
        };
    }

    public boolean canMoveTo(OrderStatus to) {
        return next().contains(to);
    }

    /**
     * What the catalog's ledger must do when an order moves from this status to {@code to}:
     * reserved units are released or confirmed, sold units restocked.
     */
    public StockAction stockActionTo(OrderStatus to) {
        if (this == PAYMENT_PENDING && (to == EXPIRED || to == CANCELLED)) {
            return StockAction.RELEASE;
        }
        if (this == PAYMENT_PENDING && to == PAID) {
            return StockAction.CONFIRM;
        }
        if ((this == PAID && to == CANCELLED) || (this == RETURN_REQUESTED && to == RETURNED)) {
            return StockAction.RESTOCK;
        }
        return StockAction.NONE;
    }

    /** Money goes back to the buyer when a paid order is cancelled or its return completes. */
    public boolean refundsTo(OrderStatus to) {
        return (this == PAID && to == CANCELLED) || (this == RETURN_REQUESTED && to == RETURNED);
    }
}
