package io.liliflora.order.stock;

import io.liliflora.order.StockAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    /** A call that could not even be attempted with its order (compensation of a failed placement). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void enqueueAlone(String orderId, StockAction action, Instant now) {
        em.persist(new StockCall(orderId, action, now));
    }

    /**
     * The release of a placement's reservation, due at {@code due} unless {@link #disarm}ed by
     * storing the order first: committed on its own before the reserve, so a server that dies
     * between reserving and storing still gives the units back. Answers the call's id.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long guard(String orderId, Instant now, Instant due) {
        StockCall call = new StockCall(orderId, StockAction.RELEASE, now, due);
        em.persist(call);
        em.flush();
        return call.id();
    }

    /**
     * Removes a placement's guard in the order's own transaction; false when it is already due
     * (or being delivered), in which case the order must not be stored: its release is on the way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean disarm(long guardId, Instant now) {
        return em.createQuery("DELETE FROM StockCall c WHERE c.id = :id AND c.doneAt IS NULL AND c.attempts = 0"
                        + " AND c.nextAttemptAt > :now")
                .setParameter("id", guardId).setParameter("now", now).executeUpdate() == 1;
    }

    /** Deletes a guard that is no longer needed (nothing reserved, or released already). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void retire(long guardId) {
        em.createQuery("DELETE FROM StockCall c WHERE c.id = :id AND c.doneAt IS NULL AND c.attempts = 0")
                .setParameter("id", guardId).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StockCall> due(Instant now, int max) {
        return em.createQuery("SELECT c FROM StockCall c WHERE c.doneAt IS NULL AND c.nextAttemptAt <= :now"
                        + " ORDER BY c.id", StockCall.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StockCall> pendingFor(String orderId) {
        return em.createQuery("SELECT c FROM StockCall c WHERE c.doneAt IS NULL AND c.orderId = :order"
                        + " ORDER BY c.id", StockCall.class)
                .setParameter("order", orderId).getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void done(long id, Instant now) {
        StockCall call = em.find(StockCall.class, id);
        if (call != null && call.doneAt() == null) {
            call.done(now);
        }
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
