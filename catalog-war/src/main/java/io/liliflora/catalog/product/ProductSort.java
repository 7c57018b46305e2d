package io.liliflora.catalog.product;

import java.util.Locale;
import java.util.Optional;

/** The orders a product list can be sorted in. */
public enum ProductSort {
    NEWEST("p.created_at DESC, p.id DESC"),
    PRICE_ASC("p.price ASC, p.id ASC"),
    PRICE_DESC("p.price DESC, p.id DESC");

    private final String orderBy;

    ProductSort(String orderBy) {
        this.orderBy = orderBy;
    }

    String orderBy() {
        return orderBy;
    }

    /** {@code newest} (default), {@code price_asc}/{@code price,asc}/{@code price-asc}, and desc alike. */
    static Optional<ProductSort> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(NEWEST);
        }
        String normal = text.strip().toUpperCase(Locale.ROOT).replace(',', '_').replace('-', '_');
        try {
            return Optional.of(valueOf(normal));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
