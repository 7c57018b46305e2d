package io.liliflora.order.catalog;

import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Products the catalog has just called sold out. When a drop sells out, every later buyer asks
 * for a unit that is not there; asking the catalog each time (placement guard, remote call, stock
 * read) made a refusal cost six product reads. A one-unit reserve refused {@code out-of-stock}
 * means no unit was left for any new order, so for {@code liliflora.order.sold-out-hint} after
 * it this server refuses orders for that product itself, with the catalog's own answer. Units
 * that come back (an unpaid order expiring, a restock) are offered again at most that long
 * later; a zero duration turns the hints off.
 */
@ApplicationScoped
public class SoldOutHints {

    /** Past this many products, expired hints are swept before a new one is kept. */
    private static final int SWEEP_ABOVE = 10_000;

    @Inject
    @ConfigProperty(name = "liliflora.order.sold-out-hint", defaultValue = "PT1S")
    Duration hold;

    private long holdNanos;
    private LongSupplier nanoClock = System::nanoTime;
    private final Map<Long, Long> soldOutUntil = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        holdNanos = hold.isNegative() ? 0 : hold.toNanos();
    }

    /** Hints held for {@code hold} on {@code nanoClock}, outside CDI. */
    static SoldOutHints of(Duration hold, LongSupplier nanoClock) {
        SoldOutHints hints = new SoldOutHints();
        hints.hold = hold;
        hints.nanoClock = nanoClock;
        hints.start();
        return hints;
    }

    /** The catalog refused one unit of {@code productId} as out of stock. */
    public void soldOut(long productId) {
        if (holdNanos == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (soldOutUntil.size() > SWEEP_ABOVE) {
            soldOutUntil.values().removeIf(until -> until - now <= 0);
        }
        soldOutUntil.put(productId, now + holdNanos);
    }

    /** The refusal an order of {@code productIds} gets here, without asking the catalog, if any. */
    public Optional<ProblemException> refusal(Collection<Long> productIds) {
        return Optional.ofNullable(firstSoldOut(productIds)).map(SoldOutHints::outOfStock);
    }

    private Long firstSoldOut(Collection<Long> productIds) {
        if (soldOutUntil.isEmpty()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        for (Long id : productIds) {
            Long until = soldOutUntil.get(id);
            if (until != null) {
                if (until - now > 0) {
                    return id;
                }
                soldOutUntil.remove(id, until);
            }
        }
        return null;
    }

    int size() {
        return soldOutUntil.size();
    }

    /** The catalog's wording (StockService), so a shopper cannot tell which side answered. */
    static ProblemException outOfStock(long productId) {
        return ProblemException.conflict("out-of-stock", "Not enough stock left (product " + productId + ")");
    }
}
