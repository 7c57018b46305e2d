package io.liliflora.order;

import io.liliflora.order.payment.PaymentProvider;
import io.liliflora.order.stock.StockOutbox;
import io.liliflora.order.stock.StockRelay;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.problem.RefusableWork;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable side of orders: every status step is one transaction that changes the order
 * (optimistically locked), appends to its timeline, queues the stock call it needs and schedules
 * the timer of the next automatic step, all or nothing. Steps a shopper can be refused run through
 * {@link RefusableWork}, so the refusal (404, 409) is thrown after the transaction, not through it.
 */
@ApplicationScoped
public class OrderBook {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Inject
    OrderTimers timers;

    @Inject
    OrderTimings timings;

    @Inject
    StockOutbox outbox;

    @Inject
    StockRelay relay;

    @Inject
    PaymentProvider payments;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    RefusableWork work;

    private final Clock clock = Clock.systemUTC();

    public Instant now() {
        return clock.instant();
    }

    /**
     * Stores a new order, empties the wishlist lines it came from, starts the payment window and
     * removes the placement's guard ({@link StockOutbox#guard}). A guard already due means the
     * placement took too long and its reservation is being released: the order is not stored.
     */
    public Order open(Order order, Collection<Long> wishlistProducts, long guardId) {
        return work.inTransaction(() -> {
            if (!outbox.disarm(guardId, now())) {
                throw ProblemException.unavailable("The order took too long to place; its stock is released, try again",
                        java.time.Duration.ofSeconds(1));
            }
            em.persist(order);
            if (!wishlistProducts.isEmpty()) {
                em.createQuery("DELETE FROM WishlistItem w WHERE w.userId = :user AND w.productId IN :ids")
                        .setParameter("user", order.userId())
                        .setParameter("ids", wishlistProducts)
                        .executeUpdate();
            }
            timers.schedule(order.id(), OrderStatus.PAYMENT_PENDING, OrderStatus.EXPIRED,
                    java.time.Duration.between(now(), order.paymentDeadline()));
            em.flush();
            return order;
        }).get();
    }

    /**
     * Stores a batch of new orders in one transaction: removes their placements' guards, inserts
     * the orders (JDBC batch writing: multi-row inserts), empties the wishlist lines they came
     * from and makes sure their payment deadlines have a timer. An order whose guard is already
     * due (its placement took too long; its reservation is being released) is not stored. Answers
     * the ids of the orders stored.
     */
    @Transactional
    public Set<String> openAll(List<Order> orders, Map<String, Long> guards, Map<String, Collection<Long>> wishlistProducts) {
        Set<Long> disarmed = outbox.disarmAll(orders.stream().map(o -> guards.get(o.id())).toList(), now());
        List<Order> stored = orders.stream().filter(o -> disarmed.contains(guards.get(o.id()))).toList();
        stored.forEach(em::persist);
        for (Order order : stored) {
            Collection<Long> products = wishlistProducts.get(order.id());
            if (products != null && !products.isEmpty()) {
                em.createQuery("DELETE FROM WishlistItem w WHERE w.userId = :user AND w.productId IN :ids")
                        .setParameter("user", order.userId())
                        .setParameter("ids", products)
                        .executeUpdate();
            }
        }
        for (Order order : stored) {
            timers.schedule(order.id(), OrderStatus.PAYMENT_PENDING, OrderStatus.EXPIRED,
                    java.time.Duration.between(now(), order.paymentDeadline()));
        }
        em.flush();
        return stored.stream().map(Order::id).collect(java.util.stream.Collectors.toSet());
    }

    /** The caller's order, or 404, also when it is someone else's: existence is not revealed. */
    public Order owned(String orderId, String userId) {
        return work.inAnyTransaction(() -> ownedIn(orderId, userId)).get();
    }

    /** {@link #owned} within the running work. */
    private Order ownedIn(String orderId, String userId) {
        Order order = orderId == null || orderId.length() > 64 ? null : em.find(Order.class, orderId);
        if (order == null || !order.belongsTo(userId)) {
            throw ProblemException.notFound("No such order");
        }
        return order;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Order> page(String userId, OrderStatus status, int page, int size) {
        TypedQuery<Order> query = em.createQuery("SELECT o FROM Order o WHERE o.userId = :user"
                + (status == null ? "" : " AND o.status = :status")
                + " ORDER BY o.createdAt DESC, o.id DESC", Order.class);
        query.setParameter("user", userId);
        if (status != null) {
            query.setParameter("status", status);
        }
        // Items and timelines of the whole page come in one IN query each, never one per order.
        query.setHint("eclipselink.batch.type", "IN");
        query.setHint("eclipselink.batch", "o.items");
        query.setHint("eclipselink.batch", "o.timeline");
        List<Order> orders = query.setFirstResult(page * size).setMaxResults(size).getResultList();
        orders.forEach(o -> {
            o.items().size();
            o.timeline().size();
        });
        return orders;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(String userId, OrderStatus status) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(o) FROM Order o WHERE o.userId = :user"
                + (status == null ? "" : " AND o.status = :status"), Long.class);
        query.setParameter("user", userId);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.getSingleResult();
    }

    /**
     * A timer's step: applied only if the order is still where the timer expects it, so a timer
     * that fires late, twice, or after a user's cancel changes nothing. Returns whether it applied.
     */
    @Transactional
    public boolean advance(String orderId, OrderStatus from, OrderStatus to) {
        Order order = em.find(Order.class, orderId, LockModeType.OPTIMISTIC);
        if (order == null || order.status() != from) {
            return false;
        }
        step(order, to, "not-allowed");
        deliverAfterCommit(orderId);
        return true;
    }

    /** Records a successful charge; false when the order stopped being payable meanwhile. */
    public Order markPaid(String orderId, String userId, PaymentProvider.Charge charge) {
        return work.inTransaction(() -> {
            Order order = ownedIn(orderId, userId);
            if (!order.payableAt(now())) {
                return null;
            }
            order.paid(charge.id());
            step(order, OrderStatus.PAID, "not-payable");
            em.flush();
            return order;
        }).get();
    }

    public Order cancel(String orderId, String userId) {
        return work.inTransaction(() -> {
            Order order = ownedIn(orderId, userId);
            if (order.status() != OrderStatus.PAYMENT_PENDING && order.status() != OrderStatus.PAID) {
                throw ProblemException.conflict("not-cancellable", "An order can be cancelled until shipping begins; "
                        + "it is " + order.status());
            }
            step(order, OrderStatus.CANCELLED, "not-cancellable");
            em.flush();
            return order;
        }).get();
    }

    public Order requestReturn(String orderId, String userId) {
        return work.inTransaction(() -> {
            Order order = ownedIn(orderId, userId);
            if (!order.returnableAt(now(), timings.returnWindow())) {
                throw ProblemException.conflict("not-returnable", order.status() == OrderStatus.DELIVERED
                        ? "The return window of " + timings.returnWindow() + " after delivery has closed"
                        : "Only a delivered order can be returned; it is " + order.status());
            }
            step(order, OrderStatus.RETURN_REQUESTED, "not-returnable");
            em.flush();
            return order;
        }).get();
    }

    private void step(Order order, OrderStatus to, String kind) {
        OrderStatus from = order.status();
        Instant at = now();
        StockAction action = order.moveTo(to, at, kind);
        if (action != StockAction.NONE) {
            outbox.enqueue(order.id(), action, at);
        }
        if (from.refundsTo(to) && order.paymentRef() != null) {
            order.refunded(payments.refund(order.paymentRef(), order.total()), order.total());
        }
        switch (to) {
            case PAID -> timers.schedule(order.id(), OrderStatus.PAID, OrderStatus.SHIPPING, timings.shipAfter());
            case SHIPPING -> timers.schedule(order.id(), OrderStatus.SHIPPING, OrderStatus.DELIVERED,
                    timings.deliverAfter());
            case RETURN_REQUESTED -> timers.schedule(order.id(), OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED,
                    timings.returnCompleteAfter());
            default -> { }
        }
    }

    private void deliverAfterCommit(String orderId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.deliverLater(orderId);
                }
            }
        });
    }
}
