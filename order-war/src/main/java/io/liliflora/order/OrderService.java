package io.liliflora.order;

import io.liliflora.order.payment.PaymentDeclined;
import io.liliflora.order.payment.PaymentProvider;
import io.liliflora.order.stock.StockRelay;
import io.liliflora.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.util.function.Supplier;

/**
 * What a shopper does with an order once placed (placing is {@link OrderPlacement}, in batches):
 * pay, cancel, ask for a return. Remote calls happen outside database transactions; each durable
 * change is one {@link OrderBook} transaction.
 */
@ApplicationScoped
public class OrderService {

    @Inject
    OrderBook book;

    @Inject
    PaymentProvider payments;

    @Inject
    StockRelay relay;

    public Order pay(String orderId, String userId, String paymentToken) {
        Order order = book.owned(orderId, userId);
        if (!order.payableAt(book.now())) {
            throw notPayable(order);
        }
        PaymentProvider.Charge charge;
        try {
            charge = payments.charge(orderId, order.total(), paymentToken);
        } catch (PaymentDeclined declined) {
            throw new ProblemException(402, "payment-declined", "Payment declined", declined.getMessage()
                    + "; the order stays " + OrderStatus.PAYMENT_PENDING + " until its deadline");
        }
        Order paid;
        try {
            paid = retryingConflicts(() -> book.markPaid(orderId, userId, charge));
        } catch (RuntimeException e) {
            payments.refund(charge.id(), charge.amount());
            throw e;
        }
        if (paid == null) {
            // Expired or cancelled between the check and the charge: give the money back.
            payments.refund(charge.id(), charge.amount());
            throw notPayable(book.owned(orderId, userId));
        }
        // The confirm only moves the units from reserved to sold (nothing a shopper can see or
        // buy changes), so the answer does not wait for it: a drop's buyers pay at once, and
        // each waiting on the catalog from a request thread starved the server (measured).
        relay.deliverLater(orderId);
        return paid;
    }

    public Order cancel(String orderId, String userId) {
        Order order = retryingConflicts(() -> book.cancel(orderId, userId));
        relay.deliver(orderId);
        return order;
    }

    public Order requestReturn(String orderId, String userId) {
        return retryingConflicts(() -> book.requestReturn(orderId, userId));
    }

    private static ProblemException notPayable(Order order) {
        String why = order.status() == OrderStatus.PAYMENT_PENDING ? "its payment deadline has passed"
                : "it is " + order.status();
        return ProblemException.conflict("not-payable", "The order cannot be paid: " + why);
    }

    /** A step that lost an optimistic race is tried again on the fresh order (which then decides). */
    private static <T> T retryingConflicts(Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (PersistenceException e) {
                if (!(e instanceof OptimisticLockException || e.getCause() instanceof OptimisticLockException)
                        || attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
