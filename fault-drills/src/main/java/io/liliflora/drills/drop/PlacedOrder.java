package io.liliflora.drills.drop;

/**
 * An order the server answered 201 for, and what the shopper did with it afterwards. An answer of
 * {@code 0} means not tried, {@link #UNKNOWN} that the call got no answer (connection lost, timeout).
 */
public final class PlacedOrder {

    public static final int UNKNOWN = -1;

    public final String id;
    public final Shopper shopper;
    public final long productId;
    public final int quantity;
    public volatile int payAnswer;
    public volatile int cancelAnswer;

    PlacedOrder(String id, Shopper shopper, long productId, int quantity) {
        this.id = id;
        this.shopper = shopper;
        this.productId = productId;
        this.quantity = quantity;
    }
}
