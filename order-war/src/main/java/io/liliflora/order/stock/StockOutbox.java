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
