package io.liliflora.order.stock;

import io.liliflora.order.StockAction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A call the catalog's ledger owes an order (confirm, release, restock), written in the same
 * transaction as the status step that needs it and retried until the catalog takes it, so a
 * unit of stock is never left reserved or sold for an order that gave it up.
 */
@Entity
@Table(name = "stock_outbox")
public class StockCall {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private StockAction action;
    private int attempts;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    @Column(name = "done_at")
    private Instant doneAt;
    @Column(name = "last_error")
    private String lastError;
    /** A placement's guard: the release of a reservation whose order may never be stored (see StockOutbox#guardAll). */
    @Column(name = "placement_guard")
    private boolean placementGuard;

    protected StockCall() {
    }

    public StockCall(String orderId, StockAction action, Instant now) {
        this.orderId = orderId;
        this.action = action;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    /** Gave up for good (the catalog says it can never succeed); kept for an operator. */
    void abandoned(Instant now, String why) {
        doneAt = now;
        lastError = truncate("abandoned: " + why);
    }

    void failed(Instant now, String why, Duration baseDelay) {
        attempts++;
        long factor = 1L << Math.min(attempts, 6);
        Duration delay = baseDelay.multipliedBy(factor);
        nextAttemptAt = now.plus(delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay);
        lastError = truncate(why);
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }

    public Long id() { return id; }
    public String orderId() { return orderId; }
    public StockAction action() { return action; }
    public int attempts() { return attempts; }
    public Instant doneAt() { return doneAt; }
}
