package io.liliflora.order;

import io.liliflora.order.buyer.BuyerGateway;
import io.liliflora.order.catalog.CatalogApi;
import io.liliflora.order.catalog.CatalogGateway;
import io.liliflora.order.catalog.CatalogUnavailable;
import io.liliflora.order.catalog.SoldOutHints;
import io.liliflora.order.payment.PaymentDeclined;
import io.liliflora.order.payment.PaymentProvider;
import io.liliflora.order.stock.StockOutbox;
import io.liliflora.order.stock.StockRelay;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a shopper does with orders. Remote calls happen outside database transactions; each
 * durable change is one {@link OrderBook} transaction. Placing an order: the id is chosen first,
 * so the reservation is idempotent by it and a failure anywhere after it can be compensated
 * by releasing that id (a no-op at the catalog when nothing was reserved).
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());

    @Inject
    OrderBook book;

    @Inject
    OrderTimings timings;

    @Inject
    CatalogGateway catalog;

    @Inject
    BuyerGateway buyers;

    @Inject
    SoldOutHints soldOut;

    @Inject
    PersonalDataCipher cipher;

    @Inject
    PaymentProvider payments;

    @Inject
    StockOutbox outbox;

    @Inject
    StockRelay relay;

    /**
     * Reserves, snapshots and stores a new order; {@code wishlistProducts} are cleared with it.
     * The shipping details are fetched after the reservation, and a failure to get them releases it.
     */
    public Order place(String userId, List<OrderRequest.Line> lines, Collection<Long> wishlistProducts) {
        checkDistinct(lines);
        // A product that just sold out is refused here: no guard, no call to the catalog.
        Optional<ProblemException> soldOutNow = soldOut.refusal(lines.stream().map(l -> l.productId).toList());
        if (soldOutNow.isPresent()) {
            throw soldOutNow.get();
        }
        String orderId = UUID.randomUUID().toString();
        // Before anything is reserved: if this server dies before the order is stored, this
        // queued release gives the units back after the restart (or on another server).
        Instant started = book.now();
        long guard = outbox.guard(orderId, started, started.plus(timings.placementGuard()));
        // Stock next: most refusals (sold out, limit, not open) then cost no call to user-war.
        CatalogApi.Reservation reservation;
        try {
            reservation = catalog.reserve(new CatalogApi.ReservationRequest(orderId, numericId(userId),
                    lines.stream().map(l -> new CatalogApi.Item(l.productId, l.quantity)).toList()));
        } catch (ProblemException problem) {
            if (CatalogUnavailable.isUnavailable(problem)) {
                // A reserve that timed out may still have landed: release it, whatever happened,
                // through the outbox: the catalog is not answering, and the shopper is not kept
                // waiting for a second timeout.
                queueRelease(orderId, guard);
            } else {
                retire(guard); // the catalog refused: nothing is reserved
                rememberSoldOut(lines, problem);
            }
            throw problem;
        } catch (RuntimeException e) {
            queueRelease(orderId, guard);
            throw e;
        }
        Order.Shipping shipping;
        try {
            shipping = buyers.shipping(userId);
        } catch (RuntimeException e) {
            compensate(orderId, guard);
            throw e;
        }
        try {
            List<OrderLine> snapshot = reservation.items().stream()
                    .map(i -> new OrderLine(i.productId(), i.name(), i.unitPrice(), i.quantity())).toList();
            Order order = Order.open(orderId, userId, snapshot, shipping, cipher, book.now(), timings.paymentWindow());
            return book.open(order, wishlistProducts, guard);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Order " + orderId + " could not be stored; releasing its reservation", e);
            compensate(orderId, guard);
            if (e instanceof ArithmeticException) {
                throw ProblemException.badRequest("total-too-large", "The order total is too large");
            }
            throw e instanceof ProblemException ? e : CatalogUnavailable.unavailable("The order could not be stored");
        }
    }

    /** A one-unit line refused out of stock: that product has no unit left for any new order. */
    private void rememberSoldOut(List<OrderRequest.Line> lines, ProblemException refusal) {
        if (lines.size() == 1 && lines.get(0).quantity == 1 && "out-of-stock".equals(refusal.problem().kind())) {
            soldOut.soldOut(lines.get(0).productId);
        }
    }

    /**
     * Gives a reservation back now (and retires the placement's guard), or queues the release to
     * be retried until the catalog takes it.
     */
    private void compensate(String orderId, long guard) {
        try {
            catalog.release(orderId);
            retire(guard);
        } catch (RuntimeException down) {
            try {
                outbox.enqueueAlone(orderId, StockAction.RELEASE, book.now());
            } catch (RuntimeException alsoDown) {
                LOG.log(Level.SEVERE, "Reservation of order " + orderId + " could be neither released nor queued", alsoDown);
            }
        }
    }

    /** Queues the release for the outbox to deliver once the catalog answers; the guard stays if even that fails. */
    private void queueRelease(String orderId, long guard) {
        try {
            outbox.enqueueAlone(orderId, StockAction.RELEASE, book.now());
            retire(guard);
        } catch (RuntimeException dbDown) {
            LOG.log(Level.WARNING, "Release of order " + orderId + " stays with its placement guard", dbDown);
        }
    }

        /** The placement's guard is not needed any more; if it cannot be removed it fires later, harmlessly. */
    private void retire(long guard) {
        try {
            outbox.retire(guard);
        } catch (RuntimeException dbDown) {
            LOG.fine(() -> "Placement guard " + guard + " stays queued: " + dbDown);
        }
    }

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

    private static void checkDistinct(List<OrderRequest.Line> lines) {
        Set<Long> seen = new HashSet<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).productId)) {
                errors.add(new Problem.FieldError("items[" + i + "].productId", "appears more than once"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    static long numericId(String userId) {
        try {
            return Long.parseLong(userId);
        } catch (NumberFormatException e) {
            throw ProblemException.forbidden("This token does not name a shopper");
        }
    }
}
