package io.liliflora.catalog.stock;

import io.liliflora.catalog.stock.StockOutcome.ReservedItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * A reservation as recorded: its state and its lines; not folded while reservation_item and
     * buyer_quota do not reflect it yet (see {@link #fold}).
     */
    public record Recorded(String orderId, String userId, String state, List<ReservedItem> items, boolean folded) {

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
    record Snapshot(Counters counters, Map<String, Integer> buyers, List<String> orderIds, long ledgerFence) {

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

        /** Units a buyer gives back (a release or a restock): {@code delta} is negative. */
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
        return Optional.ofNullable(findAll(List.of(orderId)).get(orderId));
    }

    /** The records of these orders in one query; orders the ledger does not know are absent. */
    public Map<String, Recorded> findAll(Collection<String> orderIds) throws SQLException {
        try (Connection c = connect()) {
            return load(c, orderIds);
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

    /** What a lock holder reads before its Redis write: the batch's order records and the products' terms. */
    record Reads(Map<String, Recorded> recorded, Map<Long, Terms> terms) {
    }

    /** The products' terms and the records of these order ids, in one round trip. */
    Reads read(Connection c, Collection<String> orderIds, Collection<Long> productIds) throws SQLException {
        Map<Long, Terms> terms = new HashMap<>();
        RoundTrip trip = new RoundTrip();
        if (!productIds.isEmpty()) {
            trip.add("SELECT id, name, price, sale_type, opens_at, per_user_limit FROM product WHERE id IN ("
                    + RoundTrip.marks(productIds.size()) + ")", List.copyOf(productIds));
        }
        RecordReader records = new RecordReader();
        if (!orderIds.isEmpty()) {
            records.query(trip, orderIds);
        }
        if (trip.isEmpty()) {
            return new Reads(Map.of(), terms);
        }
        RoundTrip.Rows termRows = rs -> {
            while (rs.next()) {
                Timestamp opens = rs.getTimestamp(5);
                terms.put(rs.getLong(1), new Terms(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        "RESERVATION".equals(rs.getString(4)), opens == null ? null : opens.toInstant(), rs.getInt(6)));
            }
        };
        if (productIds.isEmpty()) {
            trip.run(c, records);
        } else {
            trip.run(c, termRows, records);
        }
        return new Reads(records.found, terms);
    }

    Map<String, Recorded> load(Connection c, Collection<String> orderIds) throws SQLException {
        RecordReader records = new RecordReader();
        if (!orderIds.isEmpty()) {
            RoundTrip trip = new RoundTrip();
            records.query(trip, orderIds);
            trip.run(c, records);
        }
        return records.found;
    }

    /**
     * Reservations with their lines in one query: inline when the row carries them, else (rows
     * from before V5) from reservation_item. A tombstone has neither: the join yields nulls.
     */
    private static final class RecordReader implements RoundTrip.Rows {
        final Map<String, Recorded> found = new LinkedHashMap<>();

        void query(RoundTrip trip, Collection<String> orderIds) {
            trip.add("SELECT r.order_id, r.user_id, r.state, r.items, r.folded, i.product_id, i.name, i.unit_price, i.quantity"
                    + " FROM reservation r LEFT JOIN reservation_item i ON i.order_id = r.order_id AND r.items IS NULL"
                    + " WHERE r.order_id IN (" + RoundTrip.marks(orderIds.size()) + ") ORDER BY r.order_id, i.product_id",
                    List.copyOf(orderIds));
        }

        @Override
        public void read(ResultSet rs) throws SQLException {
            while (rs.next()) {
                String id = rs.getString(1);
                Recorded r = found.get(id);
                if (r == null) {
                    String inline = rs.getString(4);
                    r = new Recorded(id, rs.getString(2), rs.getString(3),
                            inline == null ? new ArrayList<>() : ReservationLines.decode(inline), rs.getBoolean(5));
                    found.put(id, r);
                }
                long product = rs.getLong(6);
                if (!rs.wasNull()) {
                    r.items().add(new ReservedItem(product, rs.getString(7), rs.getLong(8), rs.getInt(9)));
                }
            }
        }
    }

    /** Broken (V5) by a counter write whose fencing token a newer holder's has passed. */
    private static final String FENCED = "stock_fence_held";

    /**
     * Writes and commits one holder's changes in a single round trip: the fenced counter writes
     * first, then one reservation row per new order (its lines inline, folded later), the state
     * changes and the quota changes of transitions, then COMMIT. Returns false, with
     * nothing written, when a product's fence in the ledger is already past the holder's token
     * (a newer holder has written since); any other failure is rolled back and thrown. Returns
     * only once the commit is durable.
     */
    boolean write(Connection c, Map<Long, Long> fences, Changes changes) throws SQLException {
        RoundTrip trip = new RoundTrip().add("START TRANSACTION");
        for (Map.Entry<Long, Long> fence : fences.entrySet()) {
            long[] d = changes.stock.getOrDefault(fence.getKey(), new long[4]);
            // fence -1 breaks stock_fence_held: the request stops here, before COMMIT
            trip.add("UPDATE product_stock SET total = total + ?, available = available + ?, reserved = reserved + ?,"
                    + " sold = sold + ?, fence = IF(fence <= ?, ?, -1) WHERE product_id = ?",
                    d[0], d[1], d[2], d[3], fence.getValue(), fence.getValue(), fence.getKey());
        }
        if (!changes.created.isEmpty()) {
            // The primary key refuses a second reservation of an order id (a replay whose seen mark
            // was lost): the batch fails whole, and its calls go again, reading the ledger.
            List<Object> heads = new ArrayList<>(changes.created.size() * 3);
            for (Recorded r : changes.created) {
                heads.add(r.orderId());
                heads.add(r.userId());
                heads.add(ReservationLines.encode(r.items()));
            }
            trip.add("INSERT INTO reservation (order_id, user_id, state, items, folded) VALUES "
                    + rows("(?, ?, 'RESERVED', ?, FALSE)", heads.size() / 3), heads);
        }
        for (String[] t : changes.transitions) {
            trip.add("UPDATE reservation SET state = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE order_id = ? AND state = ?",
                    t[2], t[0], t[1]);
        }
        // Only transitions change quota rows here, and only downwards (units given back); a
        // reservation's units reach buyer_quota when it is folded, which a transition waits for.
        for (Map.Entry<Long, Map<String, Integer>> product : changes.buyers.entrySet()) {
            for (Map.Entry<String, Integer> buyer : product.getValue().entrySet()) {
                trip.add("UPDATE buyer_quota SET quantity = quantity + ? WHERE product_id = ? AND user_id = ?",
                        buyer.getValue(), product.getKey(), buyer.getKey());
            }
        }
        trip.add("COMMIT");
        try {
            trip.run(c);
            return true;
        } catch (SQLException e) {
            rollback(c, e);
            // MariaDB: "CONSTRAINT `stock_fence_held` failed ...", MySQL: "Check constraint 'stock_fence_held' is violated."
            if (String.valueOf(e.getMessage()).contains(FENCED)) {
                return false;
            }
            throw e;
        }
    }

    /** The failed statement stopped the request before COMMIT; the open transaction is undone. */
    private static void rollback(Connection c, SQLException cause) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection is gone, and with it the open transaction
        }
    }

    private static String rows(String row, int n) {
        return String.join(", ", java.util.Collections.nCopies(n, row));
    }

    /**
     * Reads a product for a rebuild after first stamping the rebuilder's fence, so no older holder
     * can commit between this read and the rebuilt counters. Fenced off when the ledger is ahead.
     */
    Snapshot snapshot(long productId, long fence, java.time.Duration window) throws SQLException {
        try (Connection c = connect()) {
            // One read view for the quota table and the unfolded rows, so a fold committing
            // meanwhile is seen entirely or not at all (the data source reads committed).
            return inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> snapshot(c, productId, fence, window));
        }
    }

    /** Work of one transaction; it may roll back itself (and say so in its result). */
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction at this isolation, then puts the connection back as it was. */
    private static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        int before = c.getTransactionIsolation();
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            c.setTransactionIsolation(before);
        }
    }

    private Snapshot snapshot(Connection c, long productId, long fence, java.time.Duration window) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE product_stock SET fence = ? WHERE product_id = ? AND fence <= ?")) {
            s.setLong(1, fence);
            s.setLong(2, productId);
            s.setLong(3, fence);
            if (s.executeUpdate() != 1) {
                try (PreparedStatement q = c.prepareStatement("SELECT fence FROM product_stock WHERE product_id = ?")) {
                    q.setLong(1, productId);
                    try (ResultSet rs = q.executeQuery()) {
                        return new Snapshot(null, Map.of(), List.of(), rs.next() ? rs.getLong(1) : -1);
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
        // The order ids reserved for within the replay window: their seen marks come back with the
        // counters, so a replay after a Redis loss still gets its first answer, even once sold out.
        List<String> orderIds = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.order_id FROM reservation_item i"
                + " JOIN reservation r ON r.order_id = i.order_id WHERE i.product_id = ?"
                + " AND r.created_at >= CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND")) {
            s.setLong(1, productId);
            s.setLong(2, window.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    orderIds.add(rs.getString(1));
                }
            }
        }
        addUnfolded(c, productId, window, buyers, orderIds);
        return new Snapshot(counters, buyers, orderIds, counters.fence());
    }

    /**
     * Reservations not folded yet hold units the quota table does not show: the snapshot counts
     * them from their inline lines (every unfolded row is RESERVED: a transition folds first).
     */
    private static void addUnfolded(Connection c, long productId, java.time.Duration window, Map<String, Integer> buyers,
                                    List<String> orderIds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT order_id, user_id, state, items,"
                + " created_at >= CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND FROM reservation WHERE folded = FALSE")) {
            s.setLong(1, window.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    boolean holds = "RESERVED".equals(rs.getString(3)) || "SOLD".equals(rs.getString(3));
                    for (ReservedItem item : ReservationLines.decode(rs.getString(4))) {
                        if (item.productId() != productId) {
                            continue;
                        }
                        if (holds) {
                            buyers.merge(rs.getString(2), item.quantity(), Integer::sum);
                        }
                        if (rs.getBoolean(5)) {
                            orderIds.add(rs.getString(1));
                        }
                    }
                }
            }
        }
    }

    /**
     * Folds up to {@code limit} reservations into reservation_item and buyer_quota, in one
     * transaction, and returns how many (-1: another folder got there first). Marking them folded comes first, guarded by
     * {@code folded = FALSE}: when another server (or this one's other thread) folds some of them
     * first, the count falls short and this transaction is undone, so no row is ever counted twice.
     * The marks are primary-key lookups, so no gap is locked against the hot writes' inserts.
     */
    int fold(int limit) throws SQLException {
        try (Connection c = connect()) {
            List<Recorded> pending = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT order_id, user_id, state, items FROM reservation"
                    + " WHERE folded = FALSE ORDER BY order_id LIMIT ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new Recorded(rs.getString(1), rs.getString(2), rs.getString(3),
                                ReservationLines.decode(rs.getString(4)), false));
                    }
                }
            }
            return pending.isEmpty() ? 0 : fold(c, pending);
        }
    }

    /** Folds one order's reservation now (a transition needs its quota row); false if it was folded already. */
    boolean foldOne(Recorded recorded) throws SQLException {
        return foldAll(List.of(recorded)) > 0;
    }

    /**
     * Folds these reservations now, in one transaction; -1 (nothing folded) when another folder
     * took one of them first.
     */
    int foldAll(List<Recorded> recorded) throws SQLException {
        try (Connection c = connect()) {
            return fold(c, recorded);
        }
    }

    private int fold(Connection c, List<Recorded> pending) throws SQLException {
        // Read committed (whatever the pool's default): no gap locks, and a row another writer
        // has not committed yet is passed over, never waited on, so the hot writes' inserts
        // and this transaction cannot deadlock.
        return inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            if (!markFolded(c, pending)) {
                c.rollback(); // the commit that follows then commits nothing
                return -1; // folded elsewhere meanwhile: the next round reads what is left
            }
            insertFolded(c, pending);
            return pending.size();
        });
    }

    private static boolean markFolded(Connection c, List<Recorded> pending) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reservation FORCE INDEX (PRIMARY) SET folded = TRUE WHERE folded = FALSE AND order_id IN ("
                + RoundTrip.marks(pending.size()) + ")")) {
            for (int i = 0; i < pending.size(); i++) {
                s.setString(i + 1, pending.get(i).orderId());
            }
            return s.executeUpdate() == pending.size();
        }
    }

    private static void insertFolded(Connection c, List<Recorded> pending) throws SQLException {
        List<Object> lines = new ArrayList<>();
        Map<List<Object>, Integer> quota = new LinkedHashMap<>();
        for (Recorded r : pending) {
            boolean holds = "RESERVED".equals(r.state()) || "SOLD".equals(r.state());
            for (ReservedItem item : r.items()) {
                lines.addAll(List.of(r.orderId(), item.productId(), item.quantity(), item.unitPrice(), item.name()));
                if (holds) {
                    quota.merge(List.of(item.productId(), r.userId()), item.quantity(), Integer::sum);
                }
            }
        }
        RoundTrip trip = new RoundTrip();
        if (!lines.isEmpty()) {
            trip.add("INSERT INTO reservation_item (order_id, product_id, quantity, unit_price, name) VALUES "
                    + rows("(?, ?, ?, ?, ?)", lines.size() / 5), lines);
        }
        if (!quota.isEmpty()) {
            List<Object> values = new ArrayList<>(quota.size() * 3);
            quota.forEach((key, q) -> {
                values.addAll(key);
                values.add(q);
            });
            trip.add("INSERT INTO buyer_quota (product_id, user_id, quantity) VALUES " + rows("(?, ?, ?)", quota.size())
                    + " ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)", values);
        }
        if (!trip.isEmpty()) {
            trip.run(c);
        }
    }

    /** Ages of the newest and the oldest reservation not folded yet; none when all are folded. */
    public record Backlog(java.time.Duration newest, java.time.Duration oldest) {
    }

    /** What waits for the fold, by the database's clock (every server's writes count). */
    public Optional<Backlog> backlog() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT TIMESTAMPDIFF(MICROSECOND, MAX(created_at), CURRENT_TIMESTAMP(3)),"
                        + " TIMESTAMPDIFF(MICROSECOND, MIN(created_at), CURRENT_TIMESTAMP(3))"
                        + " FROM reservation WHERE folded = FALSE");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            long newest = rs.getLong(1);
            return rs.wasNull() ? Optional.empty()
                    : Optional.of(new Backlog(java.time.Duration.ofNanos(newest * 1000), java.time.Duration.ofNanos(rs.getLong(2) * 1000)));
        }
    }

    /** Folds everything pending, in rounds of at most {@code round}; returns how many were folded. */
    public int foldPending(int round) throws SQLException {
        int folded = 0;
        int contended = 0;
        for (int n = fold(round); n != 0 && contended < 8; n = fold(round)) {
            if (n < 0) {
                contended++;
            } else {
                folded += n;
            }
        }
        return folded;
    }

    private static Counters counters(ResultSet rs) throws SQLException {
        return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }

}
