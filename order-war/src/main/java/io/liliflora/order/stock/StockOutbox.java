package io.liliflora.order.stock;

import io.liliflora.order.StockAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The durable queue of stock calls. */
@ApplicationScoped
public class StockOutbox {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    /** Joins the caller's transaction: the call exists if and only if the status step committed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String orderId, StockAction action, Instant now) {
        em.persist(new StockCall(orderId, action, now));
    }

    /**
     * The releases of a batch of placements' reservations, due at {@code due} unless
     * {@link #disarmAll disarmed} by storing the orders first: one multi-row insert committed on
     * its own before the batch reserves, so a server that dies between reserving and storing
     * still gives the units back. Answers each order's guard id: every later statement on the
     * guards goes by primary key, so it locks those rows and no others (found by a drop
     * benchmark: locking reads by order id deadlocked between two batches).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Map<String, Long> guardAll(List<String> orderIds, Instant now, Instant due) {
        List<Object> values = new ArrayList<>(orderIds.size() * 3);
        for (String id : orderIds) {
            values.addAll(List.of(id, Timestamp.from(now), Timestamp.from(due)));
        }
        bind(em.createNativeQuery("INSERT INTO stock_outbox (order_id, action, attempts, created_at, next_attempt_at,"
                + " placement_guard) VALUES " + String.join(", ", Collections.nCopies(orderIds.size(),
                "(?, 'RELEASE', 0, ?, ?, TRUE)"))), values).executeUpdate();
        List<Object[]> rows = bind(em.createNativeQuery("SELECT id, order_id FROM stock_outbox"
                + " WHERE placement_guard AND order_id IN (" + marks(orderIds.size()) + ")"), orderIds).getResultList();
        Map<String, Long> guards = new HashMap<>();
        rows.forEach(row -> guards.put((String) row[1], ((Number) row[0]).longValue()));
        return guards;
    }

    /**
     * Removes the guards of orders being stored, in the orders' transaction, and answers which
     * were removed. A guard already due (or being delivered) stays, and its order must not be
     * stored: its release is on the way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<Long> disarmAll(Collection<Long> guardIds, Instant now) {
        if (guardIds.isEmpty()) {
            return Set.of();
        }
        int removed = bind(em.createNativeQuery("DELETE FROM stock_outbox WHERE id IN (" + marks(guardIds.size())
                + ") AND done_at IS NULL AND attempts = 0 AND next_attempt_at > ?"), guardIds, Timestamp.from(now)).executeUpdate();
        Set<Long> disarmed = new HashSet<>(guardIds);
        if (removed < guardIds.size()) {
            List<Object> left = bind(em.createNativeQuery("SELECT id FROM stock_outbox WHERE id IN ("
                    + marks(guardIds.size()) + ")"), guardIds).getResultList();
            left.forEach(id -> disarmed.remove(((Number) id).longValue()));
        }
        return disarmed;
    }

    /** Deletes guards no longer needed (nothing was reserved); one that cannot go fires later, harmlessly. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void retireGuards(Collection<Long> guardIds) {
        bind(em.createNativeQuery("DELETE FROM stock_outbox WHERE id IN (" + marks(guardIds.size())
                + ") AND done_at IS NULL AND attempts = 0"), guardIds).executeUpdate();
    }

    /** Makes these guards due now: what their placements may have reserved is released at once. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void guardsDueNow(Collection<Long> guardIds, Instant now) {
        bind(em.createNativeQuery("UPDATE stock_outbox SET next_attempt_at = ? WHERE id IN (" + marks(guardIds.size())
                + ") AND done_at IS NULL AND next_attempt_at > ?"), Timestamp.from(now), guardIds, Timestamp.from(now))
                .executeUpdate();
    }

    /** The pending calls of these orders, oldest first; guards only once due. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StockCall> pendingForAll(Collection<String> orderIds, Instant now) {
        return em.createQuery("SELECT c FROM StockCall c WHERE c.doneAt IS NULL AND c.orderId IN :orders"
                        + " AND (c.placementGuard = FALSE OR c.nextAttemptAt <= :now) ORDER BY c.id", StockCall.class)
                .setParameter("orders", orderIds).setParameter("now", now).getResultList();
    }

    /** Marks these calls done in one statement. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void doneAll(Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            em.createQuery("UPDATE StockCall c SET c.doneAt = :now WHERE c.id IN :ids AND c.doneAt IS NULL")
                    .setParameter("now", now).setParameter("ids", ids).executeUpdate();
        }
    }

    /** Binds positional parameters in order; a collection binds each of its elements. */
    private static Query bind(Query query, Object... values) {
        int p = 1;
        for (Object value : values) {
            if (value instanceof Collection<?> many) {
                for (Object one : many) {
                    query.setParameter(p++, one);
                }
            } else {
                query.setParameter(p++, value);
            }
        }
        return query;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StockCall> due(Instant now, int max) {
        return em.createQuery("SELECT c FROM StockCall c WHERE c.doneAt IS NULL AND c.nextAttemptAt <= :now"
                        + " ORDER BY c.id", StockCall.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void abandoned(long id, Instant now, String why) {
        StockCall call = em.find(StockCall.class, id);
        if (call != null && call.doneAt() == null) {
            call.abandoned(now, why);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(long id, Instant now, String why, Duration baseDelay) {
        StockCall call = em.find(StockCall.class, id);
        if (call != null && call.doneAt() == null) {
            call.failed(now, why, baseDelay);
        }
    }
}
