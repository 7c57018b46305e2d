package io.liliflora.order;

import io.liliflora.platform.crypto.PersonalDataCipher;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** An order as the shopper sees it (SPEC: GET /order/orders/{id}). */
@JsonbPropertyOrder({"id", "status", "items", "total", "paymentDeadline", "timeline", "createdAt", "shipping", "refund"})
public record OrderView(String id, OrderStatus status, List<Item> items, long total, Instant paymentDeadline,
                        List<Step> timeline, Instant createdAt, Order.Shipping shipping, Refund refund) {

    public record Item(long productId, String name, long unitPrice, int quantity) {
    }

    public record Step(OrderStatus status, Instant at) {
    }

    public record Refund(long amount, String reference) {
    }

    /** Decrypts the shipping snapshot: only ever called for the order's owner. */
    public static OrderView of(Order o, PersonalDataCipher cipher) {
        return new OrderView(o.id(), o.status(),
                o.items().stream().map(i -> new Item(i.productId(), i.name(), i.unitPrice(), i.quantity())).toList(),
                o.total(), o.paymentDeadline(),
                o.timeline().stream().map(t -> new Step(t.status(), t.at())).toList(),
                o.createdAt(), o.shipping(cipher),
                o.refundedAmount() == null ? null : new Refund(o.refundedAmount(), o.refundRef()));
    }
}
