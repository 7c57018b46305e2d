package io.liliflora.catalog.stock;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/** One call on the stock engine, waiting in a product's lane for the next lock holder to apply it. */
public final class StockCommand {

    public enum Kind {
        /** available -> reserved, all-or-nothing over the items. */
        RESERVE,
        /** reserved -> sold. */
        CONFIRM,
        /** reserved -> available. */
        RELEASE,
        /** sold -> available (a return or a refunded cancel). */
        RESTOCK,
        /** new units: total and available grow (an admin restock). */
        ADD
    }

    final Kind kind;
    final String orderId;
    final String userId;
    /** Product id -> quantity, in id order (locks are always taken in that order). */
    final SortedMap<Long, Integer> items;
    final CompletableFuture<StockOutcome> result = new CompletableFuture<>();
    int attempts;
    /** The caller's thread while it waits in a lane: woken when answered or when the turn may be its. */
    volatile Thread waiter;

    private StockCommand(Kind kind, String orderId, String userId, SortedMap<Long, Integer> items) {
        this.kind = kind;
        this.orderId = orderId;
        this.userId = userId;
        this.items = items;
    }

    public static StockCommand reserve(String orderId, String userId, Map<Long, Integer> items) {
        return new StockCommand(Kind.RESERVE, orderId, userId, Collections.unmodifiableSortedMap(new TreeMap<>(items)));
    }

    static StockCommand transition(Kind kind, String orderId, SortedMap<Long, Integer> items) {
        return new StockCommand(kind, orderId, null, items);
    }

    public static StockCommand add(long productId, int units) {
        return new StockCommand(Kind.ADD, null, null, new TreeMap<>(Map.of(productId, units)));
    }

    public Kind kind() {
        return kind;
    }

    public String orderId() {
        return orderId;
    }

    /** The idempotency key within a batch: two commands of one order never share a batch. */
    String batchKey() {
        return orderId == null ? "add:" + System.identityHashCode(this) : orderId;
    }

    void complete(StockOutcome outcome) {
        result.complete(outcome);
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
