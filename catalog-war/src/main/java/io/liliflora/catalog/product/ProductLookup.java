package io.liliflora.catalog.product;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Products as other services need them (order-war's wishlist and order screens). */
@ApplicationScoped
public class ProductLookup {

    @jakarta.json.bind.annotation.JsonbNillable
    public record Summary(long id, String name, long price, String saleType, String status, long available,
                          Integer perUserLimit, Instant opensAt) {
    }

    @Inject
    ProductCatalog catalog;

    public List<Summary> summaries(List<Long> ids) {
        return catalog.findAll(ids).stream()
                .map(p -> new Summary(p.id(), p.name(), p.price(), p.saleType(), p.status(), p.available(),
                        p.perUserLimit(), p.opensAt()))
                .toList();
    }
}
