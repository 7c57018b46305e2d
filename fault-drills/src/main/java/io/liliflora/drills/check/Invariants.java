package io.liliflora.drills.check;

import io.liliflora.drills.drop.Calls;
import io.liliflora.drills.drop.PlacedOrder;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPEC's invariants after one drill run, checked through the API (as the shopper and the admin
 * see it) and in the databases (what really reached the disk). Each violation is one line.
 */
public final class Invariants {

    /** The status machine of SPEC's Order section. */
    private static final Map<String, Set<String>> NEXT = Map.of(
            "PAYMENT_PENDING", Set.of("PAID", "EXPIRED", "CANCELLED"),
            "PAID", Set.of("SHIPPING", "CANCELLED"),
            "SHIPPING", Set.of("DELIVERED"),
            "DELIVERED", Set.of("RETURN_REQUESTED"),
            "RETURN_REQUESTED", Set.of("RETURNED"),
            "EXPIRED", Set.of(), "CANCELLED", Set.of(), "RETURNED", Set.of());
    private static final Set<String> HOLDS_SOLD = Set.of("PAID", "SHIPPING", "DELIVERED", "RETURN_REQUESTED");

    private final Http admin;
    private final Http anonymous;
    private final List<String> violations = new ArrayList<>();

    public Invariants(Http admin, Http anonymous) {
        this.admin = admin;
        this.anonymous = anonymous;
    }

    record DbOrder(String id, String userId, String status, long productId, int quantity) {
    }

    /** Nothing of the run's products is still pending: orders expired, outbox delivered, no unit reserved, all folded. */
    public static boolean settled(long dropProduct, long probeProduct) {
        long pending = count("order", "SELECT COUNT(*) n FROM orders o JOIN order_item i ON i.order_id = o.id "
                + "WHERE i.product_id IN (?, ?) AND o.status = 'PAYMENT_PENDING'", dropProduct, probeProduct);
        long outbox = count("order", "SELECT COUNT(*) n FROM stock_outbox s WHERE s.done_at IS NULL AND s.order_id IN "
                + "(SELECT order_id FROM order_item WHERE product_id IN (?, ?))", dropProduct, probeProduct);
        long reserved = count("catalog", "SELECT COALESCE(SUM(reserved), 0) n FROM product_stock WHERE product_id IN (?, ?)",
                dropProduct, probeProduct);
        // reservation_item and buyer_quota, which check() reads, trail the ledger until folded
        long unfolded = count("catalog", "SELECT COUNT(*) n FROM reservation WHERE folded = FALSE");
        return pending == 0 && outbox == 0 && reserved == 0 && unfolded == 0;
    }

    public List<String> check(Collection<PlacedOrder> placed, Map<Long, Integer> stockOf, Map<Long, Integer> limitOf,
                              Calls calls) {
        Long[] products = stockOf.keySet().toArray(Long[]::new);
        String in = "(" + String.join(", ", java.util.Collections.nCopies(products.length, "?")) + ")";
        Map<String, DbOrder> orders = new LinkedHashMap<>();
        for (var row : TestDatabase.rows("order", "SELECT o.id, o.user_id, o.status, i.product_id, i.quantity FROM orders o "
                + "JOIN order_item i ON i.order_id = o.id WHERE i.product_id IN " + in, (Object[]) products)) {
            orders.put((String) row.get("id"), new DbOrder((String) row.get("id"), (String) row.get("user_id"),
                    (String) row.get("status"), ((Number) row.get("product_id")).longValue(), ((Number) row.get("quantity")).intValue()));
        }
        acknowledgedOrders(placed, orders);
        timelines(orders, products, in);
        reservations(orders, products, in);
        ledger(orders, stockOf, limitOf);
        outbox(products, in);
        long broken = count("catalog", "SELECT COUNT(*) n FROM product_stock WHERE total <> available + reserved + sold "
                + "OR available < 0 OR reserved < 0 OR sold < 0");
        if (broken > 0) {
            violations.add("ledger: " + broken + " product(s) with available + reserved + sold != total");
        }
        if (calls.hung() > 0) {
            violations.add("hung: " + calls.hung() + " request(s) got no answer within the client's 30 s timeout");
        }
        return violations;
    }

    /** Every 201 exists, the owner sees what the database holds, and it ended where the shopper's steps lead. */
    private void acknowledgedOrders(Collection<PlacedOrder> placed, Map<String, DbOrder> orders) {
        for (PlacedOrder order : placed) {
            DbOrder stored = orders.get(order.id);
            if (stored == null) {
                violations.add("lost-201: order " + order.id + " was answered 201 and is not in the database");
                continue;
            }
            Http.Reply seen = order.shopper.http().get("/order/orders/" + order.id);
            if (seen.status() != 200 || !stored.status.equals(seen.json().getString("status"))) {
                violations.add("api: order " + order.id + " is " + stored.status + " in the database, the owner sees " + seen);
            }
            String status = stored.status;
            if (order.payAnswer == 200 && !status.equals("PAID")) {
                violations.add("paid-201: order " + order.id + " was paid (200) and is " + status);
            }
            if (order.cancelAnswer == 200 && !status.equals("CANCELLED")) {
                violations.add("cancelled-200: order " + order.id + " was cancelled (200) and is " + status);
            }
            if (status.equals("PAID") && order.payAnswer != 200 && order.payAnswer != PlacedOrder.UNKNOWN && order.payAnswer < 500) {
                violations.add("paid-unasked: order " + order.id + " is PAID, its payment was answered " + order.payAnswer);
            }
            if (status.equals("CANCELLED") && order.cancelAnswer == 0) {
                violations.add("cancelled-unasked: order " + order.id + " is CANCELLED and nobody cancelled it");
            }
        }
        Set<String> acknowledged = new java.util.HashSet<>();
        placed.forEach(o -> acknowledged.add(o.id));
        for (DbOrder stored : orders.values()) {
            if (!acknowledged.contains(stored.id) && HOLDS_SOLD.contains(stored.status)) {
                violations.add("unanswered-paid: order " + stored.id + " never reached its shopper and is " + stored.status);
            }
        }
    }

    /** Every order left PAYMENT_PENDING, by legal steps, each step once (an expiry exactly once). */
    private void timelines(Map<String, DbOrder> orders, Long[] products, String in) {
        Map<String, List<String>> steps = new HashMap<>();
        for (var row : TestDatabase.rows("order", "SELECT t.order_id, t.status FROM order_timeline t WHERE t.order_id IN "
                + "(SELECT order_id FROM order_item WHERE product_id IN " + in + ") ORDER BY t.order_id, t.seq", (Object[]) products)) {
            steps.computeIfAbsent((String) row.get("order_id"), k -> new ArrayList<>()).add((String) row.get("status"));
        }
        for (DbOrder order : orders.values()) {
            List<String> line = steps.getOrDefault(order.id, List.of());
            if (order.status.equals("PAYMENT_PENDING")) {
                violations.add("never-expired: order " + order.id + " is still PAYMENT_PENDING after its payment window");
            }
            if (line.isEmpty() || !line.get(0).equals("PAYMENT_PENDING") || !line.get(line.size() - 1).equals(order.status)) {
                violations.add("timeline: order " + order.id + " is " + order.status + " with timeline " + line);
                continue;
            }
            for (int i = 1; i < line.size(); i++) {
                if (!NEXT.get(line.get(i - 1)).contains(line.get(i))) {
                    violations.add("timeline: order " + order.id + " stepped " + line.get(i - 1) + " -> " + line.get(i) + " " + line);
                }
            }
            if (line.stream().distinct().count() != line.size()) {
                violations.add("twice: order " + order.id + " has a step twice: " + line);
            }
        }
    }

    /** The catalog's record of each order agrees with the order, and no reservation outlives its order. */
    private void reservations(Map<String, DbOrder> orders, Long[] products, String in) {
        Map<String, String> state = new HashMap<>();
        Map<String, Integer> units = new HashMap<>();
        for (var row : TestDatabase.rows("catalog", "SELECT r.order_id, r.state, i.quantity FROM reservation r "
                + "JOIN reservation_item i ON i.order_id = r.order_id WHERE i.product_id IN " + in, (Object[]) products)) {
            state.put((String) row.get("order_id"), (String) row.get("state"));
            units.put((String) row.get("order_id"), ((Number) row.get("quantity")).intValue());
        }
        for (DbOrder order : orders.values()) {
            String expected = HOLDS_SOLD.contains(order.status) ? "SOLD"
                    : order.status.equals("RETURNED") ? "RESTOCKED" : "RELEASED";
            String actual = state.get(order.id);
            if (actual == null ? !expected.equals("RELEASED") : !actual.equals(expected)) {
                violations.add("reservation: order " + order.id + " is " + order.status + ", its reservation " + actual);
            }
            if (actual != null && units.get(order.id) != order.quantity) {
                violations.add("reservation: order " + order.id + " holds " + order.quantity + ", its reservation " + units.get(order.id));
            }
        }
        state.forEach((orderId, s) -> {
            if (!orders.containsKey(orderId) && !s.equals("RELEASED")) {
                violations.add("leak: reservation " + orderId + " is " + s + " and no order exists for it");
            }
        });
    }

    /** No oversell, stock conserved, the ledger agrees with the orders, limits held, the hot copy agrees. */
    private void ledger(Map<String, DbOrder> orders, Map<Long, Integer> stockOf, Map<Long, Integer> limitOf) {
        for (var product : stockOf.entrySet()) {
            long id = product.getKey();
            var row = TestDatabase.rows("catalog", "SELECT total, available, reserved, sold FROM product_stock WHERE product_id = ?", id).get(0);
            long total = num(row.get("total")), available = num(row.get("available")), reserved = num(row.get("reserved")),
                    sold = num(row.get("sold"));
            if (sold + reserved > total || total != product.getValue()) {
                violations.add("oversell: product " + id + " total " + total + " (added " + product.getValue() + "), sold " + sold
                        + " + reserved " + reserved);
            }
            if (available + reserved + sold != total) {
                violations.add("conservation: product " + id + " " + available + " + " + reserved + " + " + sold + " != " + total);
            }
            long soldInOrders = 0, pendingInOrders = 0;
            Map<String, Integer> heldByUser = new HashMap<>();
            for (DbOrder order : orders.values()) {
                if (order.productId != id) {
                    continue;
                }
                if (HOLDS_SOLD.contains(order.status)) {
                    soldInOrders += order.quantity;
                    heldByUser.merge(order.userId, order.quantity, Integer::sum);
                } else if (order.status.equals("PAYMENT_PENDING")) {
                    pendingInOrders += order.quantity;
                    heldByUser.merge(order.userId, order.quantity, Integer::sum);
                }
            }
            if (sold != soldInOrders || reserved != pendingInOrders) {
                violations.add("ledger-vs-orders: product " + id + " ledger sold " + sold + " reserved " + reserved
                        + ", orders hold sold " + soldInOrders + " pending " + pendingInOrders);
            }
            long quota = count("catalog", "SELECT COALESCE(SUM(quantity), 0) n FROM buyer_quota WHERE product_id = ?", id);
            if (quota != sold + reserved) {
                violations.add("quota: product " + id + " buyer_quota sums to " + quota + ", ledger holds " + (sold + reserved));
            }
            Integer limit = limitOf.get(id);
            if (limit != null) {
                heldByUser.forEach((user, held) -> {
                    if (held > limit) {
                        violations.add("limit: user " + user + " holds " + held + " units of product " + id + " (limit " + limit + ")");
                    }
                });
            }
            Http.Reply api = admin.get("/catalog/products/" + id + "/stock");
            JsonObject s = api.status() == 200 ? api.json() : null;
            if (s == null || s.getJsonNumber("available").longValue() != available || s.getJsonNumber("sold").longValue() != sold
                    || s.getJsonNumber("reserved").longValue() != reserved) {
                violations.add("api-ledger: product " + id + " ledger " + available + "/" + reserved + "/" + sold + ", admin API " + api);
            }
            Http.Reply shown = anonymous.get("/catalog/products/" + id);
            if (shown.status() != 200 || shown.json().getJsonNumber("available").longValue() != available) {
                violations.add("hot-copy: product " + id + " shows " + shown + ", the ledger has " + available + " available");
            }
        }
    }

    /** Every stock call an order step wrote was delivered, none abandoned. */
    private void outbox(Long[] products, String in) {
        for (var row : TestDatabase.rows("order", "SELECT order_id, action, done_at, last_error FROM stock_outbox WHERE order_id IN "
                + "(SELECT order_id FROM order_item WHERE product_id IN " + in + ") AND (done_at IS NULL OR last_error LIKE 'abandoned%')",
                (Object[]) products)) {
            violations.add("outbox: " + row.get("action") + " of order " + row.get("order_id") + " "
                    + (row.get("done_at") == null ? "never delivered" : "") + " " + row.get("last_error"));
        }
    }

    private static long count(String service, String sql, Object... params) {
        return num(TestDatabase.rows(service, sql, params).get(0).get("n"));
    }

    private static long num(Object value) {
        return ((Number) value).longValue();
    }
}
