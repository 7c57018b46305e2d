package io.liliflora.order.payment;

/** The provider refused the payment; nothing was charged. */
public class PaymentDeclined extends RuntimeException {

    public PaymentDeclined(String reason) {
        super(reason, null, false, false);
    }
}
