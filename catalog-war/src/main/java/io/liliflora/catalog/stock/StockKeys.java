package io.liliflora.catalog.stock;

/**
 * Where the hot stock lives in Redis, under the catalog's own key prefix. Every key carries the
 * one hash tag {@code {stock}}: a Lua script may only touch keys of one slot in Redis Cluster, and
 * a multi-product order's batch touches several products at once, so the whole stock keyspace
 * lives on one shard (its size is a few keys per product; what one shard carries is measured in
 * docs/catalog.md). The rest of the catalog's and the other services' keys spread freely.
 */
public record StockKeys(String prefix) {

    private static final String TAG = "{stock}:";

    /** The generation of the whole hot copy: gone means Redis lost its data and must be rebuilt. */
    public String generation() {
        return prefix + TAG + "generation";
    }

    /** Hash: total, available, reserved, sold, gen, fence, tv (terms version) and, while a write is unconfirmed, dirty. */
    public String counters(long productId) {
        return prefix + TAG + productId;
    }

    /** Hash: user id -> units held in live orders, for per-user limits. */
    public String buyers(long productId) {
        return prefix + TAG + productId + ":buyers";
    }

    public String lock(long productId) {
        return prefix + TAG + productId + ":lock";
    }

    /** The fencing-token counter of the product's lock. */
    public String fence(long productId) {
        return prefix + TAG + productId + ":fence";
    }

    /**
     * Marks an order id the hot counters have already reserved for, so a replayed reserve is
     * recognised without a ledger read; it expires (the ledger's primary key still refuses a
     * replay that outlives it).
     */
    public String seen(String orderId) {
        return prefix + TAG + "seen:" + orderId;
    }
}
