package io.liliflora.catalog.product;

import java.time.Instant;

/**
 * A product as the shop shows it: its terms and its live availability, from which its status
 * follows. A drop (RESERVATION) is UPCOMING until {@code opensAt} by the server clock.
 */
@jakarta.json.bind.annotation.JsonbNillable
public record Product(long id, String name, String description, String category, long price, String saleType,
                      Instant opensAt, Integer perUserLimit, long available, String status) {

    public static final String NORMAL = "NORMAL";
    public static final String RESERVATION = "RESERVATION";

    static Product of(long id, String name, String description, String category, long price, String saleType,
                      Instant opensAt, Integer perUserLimit, long available, Instant now) {
        return new Product(id, name, description, category, price, saleType, opensAt, perUserLimit, available,
                status(saleType, opensAt, available, now));
    }

    static String status(String saleType, Instant opensAt, long available, Instant now) {
        if (RESERVATION.equals(saleType) && opensAt != null && now.isBefore(opensAt)) {
            return "UPCOMING";
        }
        return available > 0 ? "ON_SALE" : "SOLD_OUT";
    }

    Product withAvailable(long live, Instant now) {
        return of(id, name, description, category, price, saleType, opensAt, perUserLimit, live, now);
    }
}
