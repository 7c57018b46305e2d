package io.liliflora.order.payment;

/**
 * A card payment provider. The built-in {@link SimulatedPaymentProvider} stands in for a real
 * one, which plugs in as another CDI bean of this type (an {@code @Alternative} selected by the
 * deployment) without touching the order code. {@code reference} is the order id, so a provider
 * that supports idempotency keys never charges one order twice.
 */
public interface PaymentProvider {

    /** Charges {@code amount} KRW; throws {@link PaymentDeclined} when the card is refused. */
    Charge charge(String reference, long amount, String paymentToken);

    /** Gives a charge back in full; returns the refund's reference. */
    String refund(String chargeId, long amount);

    record Charge(String id, long amount) {
    }
}
