package io.liliflora.order.drill;

import io.liliflora.order.Order;
import io.liliflora.order.OrderBook;
import io.liliflora.order.OrderLine;
import io.liliflora.order.OrderTimers;
import io.liliflora.order.payment.PaymentProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test deployments only: stores orders the way batched placement does (many orders, one
 * transaction, one {@link OrderTimers#ensureBuckets} call), without a catalog.
 */
@ApplicationScoped
public class DrillOrders {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Inject
    OrderTimers timers;

    @Inject
    OrderBook book;

    /** {@code n} pending orders of {@code user} whose payment deadline is exactly {@code due}. */
    @Transactional
    public List<String> pending(String user, int n, Instant due) {
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        List<Instant> dues = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Order order = Order.open(UUID.randomUUID().toString(), user, List.of(new OrderLine(1, "Drill lily", 1_000, 1)),
                    null, null, now, Duration.between(now, due));
            em.persist(order);
            ids.add(order.id());
            dues.add(order.nextStepAt());
        }
        em.flush();
        timers.ensureBuckets(dues);
        return ids;
    }

    public void pay(String orderId, String user) {
        if (book.markPaid(orderId, user, new PaymentProvider.Charge("drill-" + orderId, 1_000)) == null) {
            throw new IllegalStateException("Order " + orderId + " was not payable");
        }
    }
}
