package io.liliflora.order.payment;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The built-in provider for development and tests: {@code tok_ok} succeeds, {@code tok_declined}
 * (or any other token) is declined. It moves no money; it logs what a real provider would do.
 */
@ApplicationScoped
public class SimulatedPaymentProvider implements PaymentProvider {

    private static final Logger LOG = Logger.getLogger(SimulatedPaymentProvider.class.getName());

    @Override
    public Charge charge(String reference, long amount, String paymentToken) {
        if (!"tok_ok".equals(paymentToken)) {
            throw new PaymentDeclined("The card was declined");
        }
        String id = "sim_ch_" + UUID.randomUUID();
        LOG.fine(() -> "Simulated charge " + id + " of " + amount + " KRW for order " + reference);
        return new Charge(id, amount);
    }

    @Override
    public String refund(String chargeId, long amount) {
        String id = "sim_re_" + UUID.randomUUID();
        LOG.fine(() -> "Simulated refund " + id + " of " + amount + " KRW for charge " + chargeId);
        return id;
    }
}
