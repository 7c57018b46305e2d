package io.liliflora.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One item of an order, with the name and unit price as they were when the order was placed. */
@Embeddable
public class OrderLine {

    @Column(name = "product_id")
    private long productId;
    private String name;
    @Column(name = "unit_price")
    private long unitPrice;
    private int quantity;

    protected OrderLine() {
    }

    public OrderLine(long productId, String name, long unitPrice, int quantity) {
        this.productId = productId;
        this.name = name;
        this.unitPrice = unitPrice;
        this.quantity = quantity;
    }

    public long productId() { return productId; }
    public String name() { return name; }
    public long unitPrice() { return unitPrice; }
    public int quantity() { return quantity; }

    /** unitPrice x quantity, refusing to wrap around. */
    public long amount() {
        return Math.multiplyExact(unitPrice, (long) quantity);
    }
}
