package io.liliflora.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** One step of an order's life, appended and never changed. */
@Embeddable
public class TimelineEntry {

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    private OrderStatus status;
    @Column(name = "at")
    private Instant at;

    protected TimelineEntry() {
    }

    public TimelineEntry(OrderStatus status, Instant at) {
        this.status = status;
        this.at = at;
    }

    public OrderStatus status() { return status; }
    public Instant at() { return at; }
}
