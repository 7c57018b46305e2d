package io.liliflora.order;

import io.liliflora.order.buyer.BuyerGateway;
import io.liliflora.order.catalog.CatalogApi;
import io.liliflora.order.catalog.CatalogGateway;
import io.liliflora.order.catalog.CatalogUnavailable;
import io.liliflora.order.catalog.SoldOutHints;
import io.liliflora.order.stock.StockOutbox;
import io.liliflora.order.stock.StockRelay;
import io.liliflora.platform.crypto.PersonalDataCipher;
import io.liliflora.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Places a batch of orders as one unit of work, each order still getting its own answer. Per
 * batch: one guard commit (the release of every reservation, due later unless the orders are
 * stored first, so a server dying mid-batch gives the units back), one reserve call to the
 * catalog carrying every order, one shipping lookup in user-war for the reserved ones, and one
 * transaction storing every order (removing their guards). Remote calls happen outside database
 * transactions; each order id is chosen first, so the catalog's reserve is idempotent by it and
 * every failure after it is compensated by releasing that id (a no-op at the catalog when nothing
 * was reserved).
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class.getName());
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

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
    StockOutbox outbox;

    @Inject
    StockRelay relay;

    /** One placement's outcome: the stored order, or the refusal to answer with. */
    public record Placed(Order order, ProblemException refusal) {

        static Placed refused(ProblemException refusal) {
            return new Placed(null, refusal);
        }
    }

    /** Places every order of the batch; the outcomes come in the batch's order. */
    public List<Placed> placeAll(List<Placement> batch) {
        int n = batch.size();
        Placed[] placed = new Placed[n];
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        Instant started = book.now();
        Map<String, Long> guards;
        try {
            guards = outbox.guardAll(ids, started, started.plus(timings.placementGuard()));
        } catch (RuntimeException dbDown) {
            LOG.log(Level.WARNING, "Placement guards could not be stored; " + n + " orders refused", dbDown);
            return fill(placed, all(n), CatalogUnavailable.unavailable("Orders cannot be stored right now; try again shortly"));
        }
        Map<Integer, List<CatalogApi.ReservedItem>> reserved = reserve(batch, ids, guards, placed);
        Map<String, Order.Shipping> shipping = Map.of();
        if (!reserved.isEmpty()) {
            try {
                shipping = buyers.shippingAll(reserved.keySet().stream().map(i -> numericId(batch.get(i).userId())).distinct().toList());
            } catch (RuntimeException e) {
                releaseNow(guards, pick(ids, reserved.keySet()));
                return fill(placed, reserved.keySet(), e instanceof ProblemException p && p.problem().getStatus() >= 500 ? p
                        : CatalogUnavailable.unavailable("Accounts are not reachable right now; try again shortly"));
            }
        }
        store(batch, ids, guards, reserved, shipping, placed);
        return java.util.Arrays.asList(placed);
    }

    /**
     * The batch's reserve call; answers the refused placements and returns the positions of those
     * reserved. A refused order's guard goes (nothing is reserved); a 503 for an order (or the
     * whole call) makes its guard due now: the reserve may have landed, so it is released.
     * Returns the reserved lines by the placement's position.
     */
    private Map<Integer, List<CatalogApi.ReservedItem>> reserve(List<Placement> batch, List<String> ids, Map<String, Long> guards,
                                                                Placed[] placed) {
        List<CatalogApi.ReservationRequest> requests = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Placement p = batch.get(i);
            requests.add(new CatalogApi.ReservationRequest(ids.get(i), numericId(p.userId()),
                    p.lines().stream().map(l -> new CatalogApi.Item(l.productId, l.quantity)).toList()));
        }
        List<CatalogApi.Outcome> outcomes;
        try {
            outcomes = catalog.reserveAll(requests);
            if (outcomes.size() != requests.size()) {
                throw new IllegalStateException("The catalog answered " + outcomes.size() + " of " + requests.size() + " reserves");
            }
        } catch (RuntimeException e) {
            releaseNow(guards, ids);
            fill(placed, all(batch.size()), e instanceof ProblemException p && p.problem().getStatus() >= 500 ? p
                    : CatalogUnavailable.unavailable("The catalog is not reachable right now; try again shortly"));
            if (!(e instanceof ProblemException)) {
                LOG.log(Level.WARNING, "Batch reserve failed", e);
            }
            return Map.of();
        }
        Map<Integer, List<CatalogApi.ReservedItem>> reserved = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> unsure = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            CatalogApi.Outcome outcome = outcomes.get(i);
            if (outcome.problem() == null) {
                reserved.put(i, outcome.items());
                continue;
            }
            boolean unavailable = outcome.problem().getStatus() >= 500;
            ProblemException refusal = new ProblemException(outcome.problem(), unavailable ? RETRY_AFTER : null);
            placed[i] = Placed.refused(refusal);
            if (unavailable) {
                unsure.add(ids.get(i));
            } else {
                refused.add(ids.get(i));
                rememberSoldOut(batch.get(i), refusal);
            }
        }
        retireGuards(guards, refused);
        releaseNow(guards, unsure);
        return reserved;
    }

    /** Builds the reserved orders and stores them in one transaction; answers each. */
    private void store(List<Placement> batch, List<String> ids, Map<String, Long> guards,
                       Map<Integer, List<CatalogApi.ReservedItem>> reserved,
                       Map<String, Order.Shipping> shipping, Placed[] placed) {
        List<Order> orders = new ArrayList<>(reserved.size());
        Map<String, Integer> position = new HashMap<>();
        Map<String, java.util.Collection<Long>> wishlists = new HashMap<>();
        List<String> dropped = new ArrayList<>();
        Instant now = book.now();
        for (Map.Entry<Integer, List<CatalogApi.ReservedItem>> entry : reserved.entrySet()) {
            int i = entry.getKey();
            Placement p = batch.get(i);
            Order.Shipping to = shipping.get(p.userId());
            if (to == null) {
                placed[i] = Placed.refused(ProblemException.notFound("No account " + p.userId()));
                dropped.add(ids.get(i));
                continue;
            }
            try {
                Order order = Order.open(ids.get(i), p.userId(), lines(entry.getValue()), to, cipher, now,
                        timings.paymentWindow());
                orders.add(order);
                position.put(order.id(), i);
                if (!p.wishlistProducts().isEmpty()) {
                    wishlists.put(order.id(), p.wishlistProducts());
                }
            } catch (ArithmeticException tooLarge) {
                placed[i] = Placed.refused(ProblemException.badRequest("total-too-large", "The order total is too large"));
                dropped.add(ids.get(i));
            }
        }
        releaseNow(guards, dropped);
        if (orders.isEmpty()) {
            return;
        }
        Set<String> stored;
        try {
            stored = storeRetryingOnce(orders, guards, wishlists);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, orders.size() + " orders could not be stored; releasing their reservations", e);
            releaseNow(guards, orders.stream().map(Order::id).toList());
            fill(placed, orders.stream().map(o -> position.get(o.id())).toList(),
                    CatalogUnavailable.unavailable("The order could not be stored"));
            return;
        }
        for (Order order : orders) {
            int i = position.get(order.id());
            placed[i] = stored.contains(order.id()) ? new Placed(order, null)
                    // Its guard came due first: the release is on its way, the order must not exist.
                    : Placed.refused(ProblemException.unavailable("The order took too long to place; its stock is released, try again",
                    RETRY_AFTER));
        }
    }

    /**
     * A batch's store is one transaction for many orders: a deadlock or lock timeout (rolled back
     * whole, nothing written) is tried once more before the whole batch is refused.
     */
    private Set<String> storeRetryingOnce(List<Order> orders, Map<String, Long> guards,
                                          Map<String, java.util.Collection<Long>> wishlists) {
        try {
            return book.openAll(orders, guards, wishlists);
        } catch (RuntimeException e) {
            if (!rolledBackByTheDatabase(e)) {
                throw e;
            }
            LOG.log(Level.INFO, "Storing " + orders.size() + " orders was rolled back by the database; once more", e);
            return book.openAll(orders, guards, wishlists);
        }
    }

    private static boolean rolledBackByTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransactionRollbackException) {
                return true;
            }
        }
        return false;
    }

    private static List<OrderLine> lines(List<CatalogApi.ReservedItem> items) {
        return items.stream().map(i -> new OrderLine(i.productId(), i.name(), i.unitPrice(), i.quantity())).toList();
    }

    /** A one-unit line refused out of stock: that product has no unit left for any new order. */
    private void rememberSoldOut(Placement p, ProblemException refusal) {
        if (p.lines().size() == 1 && p.lines().get(0).quantity == 1 && "out-of-stock".equals(refusal.problem().kind())) {
            soldOut.soldOut(p.lines().get(0).productId);
        }
    }

    /** Guards of placements that reserved nothing: not needed; if they cannot go they fire later, harmlessly. */
    private void retireGuards(Map<String, Long> guards, List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return;
        }
        try {
            outbox.retireGuards(orderIds.stream().map(guards::get).toList());
        } catch (RuntimeException dbDown) {
            LOG.fine(() -> orderIds.size() + " placement guards stay queued: " + dbDown);
        }
    }

    /**
     * Releases what these placements may have reserved: their guards become due now and the
     * outbox delivers them in one batch; if even that cannot be written, the guards fire when due.
     */
    private void releaseNow(Map<String, Long> guards, List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return;
        }
        try {
            outbox.guardsDueNow(orderIds.stream().map(guards::get).toList(), book.now());
            relay.deliverLater(orderIds);
        } catch (RuntimeException dbDown) {
            LOG.log(Level.WARNING, orderIds.size() + " releases stay with their placement guards", dbDown);
        }
    }

    private static List<Placed> fill(Placed[] placed, java.util.Collection<Integer> positions, ProblemException refusal) {
        for (int i : positions) {
            placed[i] = Placed.refused(refusal);
        }
        return java.util.Arrays.asList(placed);
    }

    private static List<Integer> all(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    private static List<String> pick(List<String> ids, java.util.Collection<Integer> positions) {
        return positions.stream().map(ids::get).toList();
    }

    /** The shopper id of a token subject; 403 for a token that names no shopper. */
    public static long numericId(String userId) {
        try {
            return Long.parseLong(userId);
        } catch (NumberFormatException e) {
            throw ProblemException.forbidden("This token does not name a shopper");
        }
    }
}
