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
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The durable side of orders: every status step is one transaction that changes the order
 * (optimistically locked), appends to its timeline, queues the stock call it needs and sets the
 * due time of the next automatic step with its timer bucket ({@link OrderTimers#ensureBuckets}),
 * all or nothing. A firing bucket moves every order due in it, up to 500 per transaction
 * ({@link #advanceDue}). Steps a shopper can be refused run through {@link RefusableWork}, so the
 * refusal (404, 409) is thrown after the transaction, not through it.
 */
@ApplicationScoped
public class OrderBook {

    private static final Logger LOG = Logger.getLogger(OrderBook.class.getName());

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
        // The orders' rows first, their buckets last (OrderTimers.ensureBuckets): a firing bucket
        // then either sees these orders or a fresh bucket row and timer come with them.
        em.flush();
        timers.ensureBuckets(stored.stream().map(Order::nextStepAt).toList());
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

    /** What one transaction of a firing bucket did. */
    public record Chunk(int moved, List<String> stockCalls, boolean more) {
    }

    /**
     * The first transaction of a firing {@link StepBucket}: deletes the bucket's row. The delete
     * waits for every transaction that found the row in {@link OrderTimers#ensureBuckets} (it
     * holds a shared lock on it) to end, so their orders are committed before the firing reads;
     * a transaction that comes after it finds no row and creates a row and timer of its own.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void claim(StepBucket bucket) {
        em.createNativeQuery("DELETE FROM step_bucket WHERE due_second = ?")
                .setParameter(1, bucket.second()).executeUpdate();
    }

    /**
     * One transaction of a firing bucket: moves up to {@code max} orders whose automatic step is
     * due before {@code end} (late ones included) by that step, leaving out {@code skip} (orders
     * whose step failed in this firing). The due orders are read without locks (a plain READ
     * COMMITTED read never waits for a placement's uncommitted rows, which would deadlock with
     * that placement waiting for the bucket row the firing deleted), then locked by id, in id
     * order, re-checking under the lock that each is still due: a shopper's cancel or payment that
     * committed first has cleared or moved its due time, and one that comes later fails its version
     * check and retries on the new status. Answers how many moved, which of them queued a stock
     * call (for the relay, after the commit), and whether more may be due.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Chunk advanceDue(Instant end, int max, Collection<String> skip) {
        List<String> ids = dueIdsIn(end, max, skip);
        return ids.isEmpty() ? new Chunk(0, List.of(), false) : moveDue(ids, end, ids.size() == max);
    }

    /** The ids {@link #advanceDue} would move next, for moving them one by one. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<String> dueIds(Instant end, int max, Collection<String> skip) {
        return dueIdsIn(end, max, skip);
    }

    /** One order of a firing bucket in a transaction of its own, if it is still due before {@code end}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Chunk advanceDueOrder(String orderId, Instant end) {
        return moveDue(List.of(orderId), end, false);
    }

    private List<String> dueIdsIn(Instant end, int max, Collection<String> skip) {
        TypedQuery<String> query = em.createQuery("SELECT o.id FROM Order o WHERE o.nextStepAt < :end"
                + (skip.isEmpty() ? "" : " AND o.id NOT IN :skip") + " ORDER BY o.nextStepAt", String.class);
        query.setParameter("end", end);
        if (!skip.isEmpty()) {
            query.setParameter("skip", skip);
        }
        return query.setMaxResults(max).getResultList();
    }

    private Chunk moveDue(List<String> ids, Instant end, boolean more) {
        // Lock the rows still due, in id order (two firings never lock in opposite orders), and
        // load each locked order as a shopper's step does (find, then its timeline on first use):
        // a READ COMMITTED read after the lock sees the row's latest commit. Orders loaded by a
        // query with their timelines (JOIN FETCH or an IN batch fetch, with or without a JPA
        // pessimistic lock) broke EclipseLink 4.0.9's change tracking of the timeline, an element
        // collection, at the flush (DescriptorException 69 on TimelineEntry.at), so a chunk costs
        // two small reads per order. Items are not read by a step.
        Query lock = em.createNativeQuery("SELECT id FROM orders WHERE id IN ("
                + String.join(",", Collections.nCopies(ids.size(), "?")) + ") AND next_step_at < ? ORDER BY id FOR UPDATE");
        for (int i = 0; i < ids.size(); i++) {
            lock.setParameter(i + 1, ids.get(i));
        }
        @SuppressWarnings("unchecked")
        List<String> locked = lock.setParameter(ids.size() + 1, Timestamp.from(end)).getResultList();
        List<Order> due = locked.stream().map(id -> em.find(Order.class, id)).filter(Objects::nonNull).toList();
        List<String> stockCalls = new ArrayList<>();
        List<Instant> next = new ArrayList<>();
        int moved = 0;
        for (Order order : due) {
            OrderStatus to = order.status().automaticStep();
            if (to == null) {
                LOG.warning(() -> "Order " + order.id() + " is " + order.status() + " with a step due; cleared");
                order.forgetStep();
                continue;
            }
            if (move(order, to, "not-allowed") != StockAction.NONE) {
                stockCalls.add(order.id());
            }
            moved++;
            if (order.nextStepAt() != null) {
                next.add(order.nextStepAt());
            }
        }
        em.flush();
        timers.ensureBuckets(next);
        return new Chunk(moved, stockCalls, more);
    }

    /**
     * A step of a per-order timer written by the previous build ({@link StepDue}): applied only if
     * the order is still where the timer expects it, so a timer that fires late, twice, or after a
     * user's cancel (or after a bucket moved the order) changes nothing. Returns whether it applied.
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

    /** One order's step with its row written and its next automatic step's bucket ensured. */
    private void step(Order order, OrderStatus to, String kind) {
        move(order, to, kind);
        // The order's row before the bucket's (see OrderTimers.ensureBuckets).
        em.flush();
        if (order.nextStepAt() != null) {
            timers.ensureBuckets(List.of(order.nextStepAt()));
        }
    }

    /**
     * The step itself: status, timeline, due time of the next automatic step, the stock call
     * and the refund it needs. The caller ensures the next step's bucket.
     */
    private StockAction move(Order order, OrderStatus to, String kind) {
        OrderStatus from = order.status();
        Instant at = now();
        StockAction action = order.moveTo(to, at, kind, timings.untilAutomaticStep(to));
        if (action != StockAction.NONE) {
            outbox.enqueue(order.id(), action, at);
        }
        if (from.refundsTo(to) && order.paymentRef() != null) {
            order.refunded(payments.refund(order.paymentRef(), order.total()), order.total());
        }
        return action;
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
