package io.liliflora.order;

import io.liliflora.platform.crypto.PersonalDataCipher;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An order and its status machine. Every change goes through {@link #moveTo}, which refuses
 * a step the machine does not allow and records each step on the timeline; the version column
 * makes two concurrent steps (a late timer and a user's cancel) end with exactly one winner.
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    private String id;
    @Column(name = "user_id")
    private String userId;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    private long total;
    @Column(name = "payment_deadline")
    private Instant paymentDeadline;
    // When the automatic step of the current status is due (OrderStatus.automaticStep); null when
    // the status has none. Millisecond precision, as stored (TIMESTAMP(3)), so the timer bucket
    // computed from it here is the bucket of the stored value.
    @Column(name = "next_step_at")
    private Instant nextStepAt;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "delivered_at")
    private Instant deliveredAt;
    // The shipping snapshot is sealed with the shared PII cipher: nonce || ciphertext || tag,
    // under the key id beside it. Null key id: an order without shipping details.
    @Column(name = "ship_name")
    private byte[] shipName;
    @Column(name = "ship_phone")
    private byte[] shipPhone;
    @Column(name = "ship_address")
    private byte[] shipAddress;
    @Column(name = "pii_key_id")
    private String piiKeyId;
    @Column(name = "payment_ref")
    private String paymentRef;
    @Column(name = "refund_ref")
    private String refundRef;
    @Column(name = "refunded_amount")
    private Long refundedAmount;
    @Version
    private long version;

    @ElementCollection
    @CollectionTable(name = "order_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> items = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "order_timeline", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "seq")
    private List<TimelineEntry> timeline = new ArrayList<>();

    protected Order() {
    }

    /** A new order awaiting payment until {@code now + paymentWindow}. */
    public static Order open(String id, String userId, List<OrderLine> lines, Shipping shipping,
                             PersonalDataCipher cipher, Instant now, Duration paymentWindow) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one item");
        }
        Order order = new Order();
        order.id = id;
        order.userId = userId;
        order.items = new ArrayList<>(lines);
        order.total = totalOf(lines);
        order.createdAt = now;
        order.paymentDeadline = now.plus(paymentWindow);
        order.nextStepAt = order.paymentDeadline.truncatedTo(ChronoUnit.MILLIS);
        order.status = OrderStatus.PAYMENT_PENDING;
        order.timeline.add(new TimelineEntry(OrderStatus.PAYMENT_PENDING, now));
        if (shipping != null) {
            order.piiKeyId = cipher.activeKeyId();
            order.shipName = cipher.encrypt("ship_name", shipping.name());
            order.shipPhone = cipher.encrypt("ship_phone", shipping.phone());
            order.shipAddress = cipher.encrypt("ship_address", shipping.address());
        }
        return order;
    }

    /** Sum of every line in KRW; an overflow is an error, never a wrapped-around price. */
    public static long totalOf(List<OrderLine> lines) {
        long total = 0;
        for (OrderLine line : lines) {
            total = Math.addExact(total, line.amount());
        }
        return total;
    }

    /**
     * Applies one step and returns what the stock ledger must do for it. Throws a 409 problem of
     * {@code kind} when the step is not allowed from the current status. {@code untilNextStep} is
     * how long after {@code at} the automatic step of the new status is due
     * ({@link OrderTimings#untilAutomaticStep}): required exactly when the new status has one.
     */
    public StockAction moveTo(OrderStatus to, Instant at, String kind, Duration untilNextStep) {
        if (!status.canMoveTo(to)) {
            throw IllegalTransition.of(kind, status, to);
        }
        if ((to.automaticStep() == null) != (untilNextStep == null)) {
            throw new IllegalArgumentException(to + (untilNextStep == null ? " needs" : " has no")
                    + " automatic step due time");
        }
        StockAction action = status.stockActionTo(to);
        status = to;
        nextStepAt = untilNextStep == null ? null : at.plus(untilNextStep).truncatedTo(ChronoUnit.MILLIS);
        if (to == OrderStatus.DELIVERED) {
            deliveredAt = at;
        }
        timeline.add(new TimelineEntry(to, at));
        return action;
    }

    /** Payment is possible while pending and strictly before the deadline. */
    public boolean payableAt(Instant now) {
        return status == OrderStatus.PAYMENT_PENDING && now.isBefore(paymentDeadline);
    }

    /** A return may be asked for while delivered and within the window after delivery. */
    public boolean returnableAt(Instant now, Duration returnWindow) {
        return status == OrderStatus.DELIVERED && deliveredAt != null
                && now.isBefore(deliveredAt.plus(returnWindow));
    }

    public void paid(String reference) {
        this.paymentRef = reference;
    }

    public void refunded(String reference, long amount) {
        this.refundRef = reference;
        this.refundedAmount = amount;
    }

    /** Whether the automatic step of the current status is due before {@code end}. */
    public boolean stepDueBefore(Instant end) {
        return nextStepAt != null && nextStepAt.isBefore(end);
    }

    /** An automatic step time without an automatic step (data written by hand): forgotten. */
    void forgetStep() {
        nextStepAt = null;
    }

    public boolean belongsTo(String user) {
        return userId.equals(user);
    }

    public String id() { return id; }
    public String userId() { return userId; }
    public OrderStatus status() { return status; }
    public long total() { return total; }
    public Instant paymentDeadline() { return paymentDeadline; }
    public Instant nextStepAt() { return nextStepAt; }
    public Instant createdAt() { return createdAt; }
    public Instant deliveredAt() { return deliveredAt; }
    public String paymentRef() { return paymentRef; }
    public String refundRef() { return refundRef; }
    public Long refundedAmount() { return refundedAmount; }
    public long version() { return version; }
    public List<OrderLine> items() { return items; }
    public List<TimelineEntry> timeline() { return timeline; }
    public String piiKeyId() { return piiKeyId; }

    /** The shipping snapshot in the clear, for its owner; all nulls when none was taken. */
    public Shipping shipping(PersonalDataCipher cipher) {
        if (piiKeyId == null) {
            return new Shipping(null, null, null);
        }
        return new Shipping(cipher.decrypt(piiKeyId, "ship_name", shipName),
                cipher.decrypt(piiKeyId, "ship_phone", shipPhone),
                cipher.decrypt(piiKeyId, "ship_address", shipAddress));
    }

    /** Where the goods go, copied from the buyer's account when the order was placed. */
    public record Shipping(String name, String phone, String address) {
    }
}
