package io.liliflora.catalog.stock;

/** Where a product's hot stock lives in Redis, under the catalog's own key prefix. */
public record StockKeys(String prefix) {

    /** The generation of the whole hot copy: gone means Redis lost its data and must be rebuilt. */
    public String generation() {
        return prefix + "stock:generation";
    }

    /** Hash: total, available, reserved, sold, gen, fence and (while a write is unconfirmed) dirty. */
    public String counters(long productId) {
        return prefix + "stock:" + productId;
    }

    /** Hash: user id -> units held in live orders, for per-user limits. */
    public String buyers(long productId) {
        return prefix + "stock:" + productId + ":buyers";
    }

    public String lock(long productId) {
        return prefix + "stock:" + productId + ":lock";
    }

    /** The fencing-token counter of the product's lock. */
    public String fence(long productId) {
        return prefix + "stock:" + productId + ":fence";
    }
}
