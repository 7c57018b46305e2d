package io.liliflora.catalog.stock;

import io.liliflora.catalog.stock.StockOutcome.ReservedItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The durable stock ledger in MySQL: product_stock counters, one reservation per order id, and
 * each buyer's held units. It is the truth Redis is rebuilt from, and every write to it carries
 * the writer's fencing token.
 */
public final class StockLedger {

    /** What a product sells under, as the engine checks it at reservation time. */
    public record Terms(long productId, String name, long price, boolean reservation, Instant opensAt, int perUserLimit) {
    }

    /** A reservation as recorded: its state and its lines. */
    public record Recorded(String orderId, String userId, String state, List<ReservedItem> items) {

        TreeMap<Long, Integer> quantities() {
            TreeMap<Long, Integer> map = new TreeMap<>();
            items.forEach(i -> map.put(i.productId(), i.quantity()));
            return map;
        }
    }

    /** The ledger's counters of one product. */
    public record Counters(long total, long available, long reserved, long sold, long fence) {
    }

    /** The ledger's view of a product for a rebuild, or why there is none. */
    record Snapshot(Counters counters, Map<String, Integer> buyers, long ledgerFence) {

        boolean fencedOff() {
            return counters == null;
        }
    }

    /** Everything one lock holder writes in one transaction. */
    static final class Changes {
        final List<Recorded> created = new ArrayList<>();
        final List<String[]> transitions = new ArrayList<>(); // orderId, from, to
        final Map<Long, long[]> stock = new TreeMap<>(); // total, available, reserved, sold deltas
        final Map<Long, Map<String, Integer>> buyers = new TreeMap<>();

        void stock(long productId, long total, long available, long reserved, long sold) {
            long[] d = stock.computeIfAbsent(productId, id -> new long[4]);
            d[0] += total;
            d[1] += available;
            d[2] += reserved;
            d[3] += sold;
        }

        void buyer(long productId, String userId, int delta) {
            buyers.computeIfAbsent(productId, id -> new HashMap<>()).merge(userId, delta, Integer::sum);
        }

        boolean isEmpty() {
            return created.isEmpty() && transitions.isEmpty() && stock.isEmpty();
        }
    }

    private final DataSource dataSource;

    public StockLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    public Optional<Recorded> find(String orderId) throws SQLException {
        try (Connection c = connect()) {
            return Optional.ofNullable(load(c, List.of(orderId)).get(orderId));
        }
    }

    public Optional<Counters> counters(long productId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT total, available, reserved, sold, fence FROM product_stock WHERE product_id = ?")) {
            s.setLong(1, productId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(counters(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Records that an order's stock is released before any reservation of it exists (a
     * compensating release racing its reserve), so a late reserve of that order is refused.
     */
    boolean tombstone(String orderId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT IGNORE INTO reservation (order_id, user_id, state) VALUES (?, '', 'RELEASED')")) {
            s.setString(1, orderId);
            return s.executeUpdate() == 1;
        }
    }

    Map<String, Recorded> load(Connection c, Collection<String> orderIds) throws SQLException {
        Map<String, Recorded> found = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        String marks = marks(orderIds.size());
        Map<String, String[]> heads = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT order_id, user_id, state FROM reservation WHERE order_id IN (" + marks + ")")) {
            int i = 1;
            for (String id : orderIds) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        if (heads.isEmpty()) {
            return found;
        }
        Map<String, List<ReservedItem>> lines = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT order_id, product_id, name, unit_price, quantity"
                + " FROM reservation_item WHERE order_id IN (" + marks(heads.size()) + ") ORDER BY product_id")) {
            int i = 1;
            for (String id : heads.keySet()) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ReservedItem(rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getInt(5)));
                }
            }
        }
        heads.forEach((id, head) -> found.put(id, new Recorded(id, head[0], head[1], lines.getOrDefault(id, List.of()))));
        return found;
    }

    Map<Long, Terms> terms(Connection c, Collection<Long> productIds) throws SQLException {
        Map<Long, Terms> terms = new HashMap<>();
        if (productIds.isEmpty()) {
            return terms;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, price, sale_type, opens_at, per_user_limit"
                + " FROM product WHERE id IN (" + marks(productIds.size()) + ")")) {
            int i = 1;
            for (Long id : productIds) {
                s.setLong(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp opens = rs.getTimestamp(5);
                    terms.put(rs.getLong(1), new Terms(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            "RESERVATION".equals(rs.getString(4)), opens == null ? null : opens.toInstant(), rs.getInt(6)));
                }
            }
        }
        return terms;
    }

    /**
     * Writes one holder's changes. Returns false, writing nothing, when a product's fence in the
     * ledger is already past the holder's token: a newer holder has written since.
     */
    boolean write(Connection c, Map<Long, Long> fences, Changes changes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE product_stock SET total = total + ?,"
                + " available = available + ?, reserved = reserved + ?, sold = sold + ?, fence = ?"
                + " WHERE product_id = ? AND fence <= ?")) {
            for (Map.Entry<Long, Long> fence : fences.entrySet()) {
                long[] d = changes.stock.getOrDefault(fence.getKey(), new long[4]);
                s.setLong(1, d[0]);
                s.setLong(2, d[1]);
                s.setLong(3, d[2]);
                s.setLong(4, d[3]);
                s.setLong(5, fence.getValue());
                s.setLong(6, fence.getKey());
                s.setLong(7, fence.getValue());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
        }
        if (!changes.created.isEmpty()) {
            try (PreparedStatement head = c.prepareStatement(
                    "INSERT INTO reservation (order_id, user_id, state) VALUES (?, ?, 'RESERVED')");
                 PreparedStatement line = c.prepareStatement("INSERT INTO reservation_item"
                         + " (order_id, product_id, quantity, unit_price, name) VALUES (?, ?, ?, ?, ?)")) {
                for (Recorded r : changes.created) {
                    head.setString(1, r.orderId());
                    head.setString(2, r.userId());
                    head.addBatch();
                    for (ReservedItem item : r.items()) {
                        line.setString(1, r.orderId());
                        line.setLong(2, item.productId());
                        line.setInt(3, item.quantity());
                        line.setLong(4, item.unitPrice());
                        line.setString(5, item.name());
                        line.addBatch();
                    }
                }
                head.executeBatch();
                line.executeBatch();
            }
        }
        if (!changes.transitions.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE reservation SET state = ?,"
                    + " updated_at = CURRENT_TIMESTAMP(3) WHERE order_id = ? AND state = ?")) {
                for (String[] t : changes.transitions) {
                    s.setString(1, t[2]);
                    s.setString(2, t[0]);
                    s.setString(3, t[1]);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!changes.buyers.isEmpty()) {
            // Units given back only ever lower an existing row; an upsert would check its CHECK on the
            // would-be inserted (negative) row first, so the two directions are two statements.
            try (PreparedStatement more = c.prepareStatement("INSERT INTO buyer_quota (product_id, user_id, quantity)"
                    + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)");
                 PreparedStatement less = c.prepareStatement(
                         "UPDATE buyer_quota SET quantity = quantity + ? WHERE product_id = ? AND user_id = ?")) {
                boolean anyMore = false;
                boolean anyLess = false;
                for (Map.Entry<Long, Map<String, Integer>> product : changes.buyers.entrySet()) {
                    for (Map.Entry<String, Integer> buyer : product.getValue().entrySet()) {
                        int delta = buyer.getValue();
                        if (delta > 0) {
                            more.setLong(1, product.getKey());
                            more.setString(2, buyer.getKey());
                            more.setInt(3, delta);
                            more.addBatch();
                            anyMore = true;
                        } else if (delta < 0) {
                            less.setInt(1, delta);
                            less.setLong(2, product.getKey());
                            less.setString(3, buyer.getKey());
                            less.addBatch();
                            anyLess = true;
                        }
                    }
                }
                if (anyMore) {
                    more.executeBatch();
                }
                if (anyLess) {
                    less.executeBatch();
                }
            }
        }
        return true;
    }

    /**
     * Reads a product for a rebuild after first stamping the rebuilder's fence, so no older holder
     * can commit between this read and the rebuilt counters. Fenced off when the ledger is ahead.
     */
    Snapshot snapshot(long productId, long fence) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                Snapshot snapshot = snapshot(c, productId, fence);
                c.commit();
                return snapshot;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private Snapshot snapshot(Connection c, long productId, long fence) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE product_stock SET fence = ? WHERE product_id = ? AND fence <= ?")) {
            s.setLong(1, fence);
            s.setLong(2, productId);
            s.setLong(3, fence);
            if (s.executeUpdate() != 1) {
                try (PreparedStatement q = c.prepareStatement("SELECT fence FROM product_stock WHERE product_id = ?")) {
                    q.setLong(1, productId);
                    try (ResultSet rs = q.executeQuery()) {
                        return new Snapshot(null, Map.of(), rs.next() ? rs.getLong(1) : -1);
                    }
                }
            }
        }
        Counters counters;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT total, available, reserved, sold, fence FROM product_stock WHERE product_id = ?")) {
            s.setLong(1, productId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                counters = counters(rs);
            }
        }
        Map<String, Integer> buyers = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT user_id, quantity FROM buyer_quota WHERE product_id = ? AND quantity > 0")) {
            s.setLong(1, productId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    buyers.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return new Snapshot(counters, buyers, counters.fence());
    }

    private static Counters counters(ResultSet rs) throws SQLException {
        return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }
}
