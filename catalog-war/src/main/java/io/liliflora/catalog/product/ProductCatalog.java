package io.liliflora.catalog.product;

import io.liliflora.catalog.stock.StockScripts;
import io.liliflora.catalog.stock.StockService;
import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The products of the shop in MySQL, shown with their live availability from the stock engine.
 * A product read by id (its page, the internal lookup) takes its terms from {@link ProductCache}
 * when the version the stock engine's hot copy carries says they are current, so it costs one
 * Redis call and no SQL; the list is read from MySQL (docs/catalog.md, "Product reads").
 */
@ApplicationScoped
public class ProductCatalog {

    /** A page of products and how many there are in all. */
    public record Page(List<Product> items, int page, int size, long totalItems, int totalPages) {
    }

    private static final String COLUMNS = "p.id, p.name, p.description, p.category, p.price, p.sale_type,"
            + " p.opens_at, p.per_user_limit, s.available";

    @Inject
    DataSource dataSource;

    @Inject
    StockService stock;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.product-cache.max-age", defaultValue = "PT5S")
    Duration cacheMaxAge;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.product-cache.max-entries", defaultValue = "10000")
    int cacheMaxEntries;

    private final Clock clock = Clock.systemUTC();

    private ProductCache cache;

    /** Connections this catalog borrowed: every SQL statement it sends goes through one. */
    private final LongAdder connections = new LongAdder();

    @PostConstruct
    void init() {
        cache = new ProductCache(cacheMaxEntries, cacheMaxAge, System::nanoTime);
    }

    /**
     * What the product cache did so far, and how many connections this catalog borrowed (every SQL
     * statement it sends goes through one): the tests' proof that a cached read sends no SQL.
     */
    public record CacheFigures(long sqlConnections, long hits, long misses, long evictions, int size, long maxAgeMillis) {
    }

    public CacheFigures cacheFigures() {
        return new CacheFigures(connections.sum(), cache.hits(), cache.misses(), cache.evictions(), cache.size(),
                cacheMaxAge.toMillis());
    }

    private Connection connection() throws SQLException {
        connections.increment();
        return dataSource.getConnection();
    }

    public Product create(ProductDraft draft) {
        checkTerms(draft.saleType(), draft.opensAt(), draft.perUserLimit());
        return create(draft, null).orElseThrow();
    }

    /** Creates a product unless one with this sample key exists (sample data is loaded idempotently). */
    public Optional<Product> create(ProductDraft draft, String sampleKey) {
        long id;
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT" + (sampleKey == null ? "" : " IGNORE")
                    + " INTO product (name, description, category, price, sale_type, opens_at, per_user_limit, sample_key)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, draft.name().strip());
                p.setString(2, draft.description());
                p.setString(3, draft.category().strip());
                p.setLong(4, draft.price());
                p.setString(5, draft.saleType());
                setInstant(p, 6, Product.RESERVATION.equals(draft.saleType()) ? seconds(draft.opensAt()) : null);
                setInteger(p, 7, Product.RESERVATION.equals(draft.saleType()) ? draft.perUserLimit() : null);
                p.setString(8, sampleKey);
                if (p.executeUpdate() == 0) {
                    c.rollback();
                    return Optional.empty();
                }
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO product_stock (product_id, total, available) VALUES (?, ?, ?)")) {
                s.setLong(1, id);
                s.setLong(2, draft.stock());
                s.setLong(3, draft.stock());
                s.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a product", e);
        }
        stock.engine().rebuild(id);
        return find(id);
    }

    /** A product by id: terms from the cache when current, availability live. */
    public Optional<Product> find(long id) {
        List<Product> found = findAll(List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Products by id, in id order, unknown ids left out. One Redis call reads each product's live
     * availability and terms version; terms cached under that version (and younger than the max
     * age) are used as they are, the others are read from MySQL in one query and cached under the
     * version read before them. A product without a current hot copy (Redis lost it) is read from
     * MySQL whole, with the ledger's availability, and not cached.
     */
    public List<Product> findAll(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> wanted = ids.stream().distinct().sorted().toList();
        ProductCache.Ticket ticket = cache.ticket(); // before the versions are read
        Map<Long, StockScripts.Hot> hot;
        try {
            hot = stock.engine().scripts().read(wanted);
        } catch (RuntimeException redisDown) {
            return rows(wanted); // the ledger's figures, nothing cached
        }
        Instant now = clock.instant();
        Map<Long, Product> found = new TreeMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : wanted) {
            StockScripts.Hot h = hot.get(id);
            Product terms = h == null ? null : cache.fresh(id, h.termsVersion());
            if (terms != null) {
                found.put(id, terms.withAvailable(h.available(), now));
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            for (Product row : rows(missing)) {
                StockScripts.Hot h = hot.get(row.id());
                if (h == null) {
                    found.put(row.id(), row); // no current hot copy: the ledger's availability
                } else {
                    cache.put(row.id(), row, h.termsVersion(), ticket);
                    found.put(row.id(), row.withAvailable(h.available(), now));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Rows straight from MySQL with the ledger's availability (no cache, no Redis). */
    private List<Product> rows(List<Long> ids) {
        return select("SELECT " + COLUMNS + " FROM product p JOIN product_stock s ON s.product_id = p.id WHERE p.id IN ("
                + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ") ORDER BY p.id", new ArrayList<>(ids));
    }

    public Page page(int page, int size, String category, String saleType, ProductSort sort) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (category != null && !category.isBlank()) {
            where.append(" AND p.category = ?");
            params.add(category.strip());
        }
        if (saleType != null && !saleType.isBlank()) {
            where.append(" AND p.sale_type = ?");
            params.add(saleType);
        }
        long total;
        try (Connection c = connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM product p" + where)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count products", e);
        }
        List<Object> paged = new ArrayList<>(params);
        paged.add(size);
        paged.add((long) page * size);
        List<Product> items = query("SELECT " + COLUMNS + " FROM product p JOIN product_stock s ON s.product_id = p.id"
                + where + " ORDER BY " + sort.orderBy() + " LIMIT ? OFFSET ?", paged);
        return new Page(items, page, size, total, (int) ((total + size - 1) / size));
    }

    public Optional<Product> edit(long id, ProductChanges changes) {
        // Unchanged members are taken from MySQL, never from the cache (it may be up to max-age old).
        List<Product> rows = rows(List.of(id));
        Product current = rows.isEmpty() ? null : rows.get(0);
        if (current == null) {
            return Optional.empty();
        }
        String saleType = changes.saleType() != null ? changes.saleType() : current.saleType();
        boolean drop = Product.RESERVATION.equals(saleType);
        Instant opensAt = drop ? seconds(changes.opensAt() != null ? changes.opensAt() : current.opensAt()) : null;
        Integer limit = drop ? (changes.perUserLimit() != null ? changes.perUserLimit() : current.perUserLimit()) : null;
        checkTerms(saleType, opensAt, limit);
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("UPDATE product SET"
                + " name = ?, description = ?, category = ?, price = ?, sale_type = ?, opens_at = ?, per_user_limit = ?,"
                + " updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
            s.setString(1, changes.name() != null ? changes.name().strip() : current.name());
            s.setString(2, changes.description() != null ? changes.description() : current.description());
            s.setString(3, changes.category() != null ? changes.category().strip() : current.category());
            s.setLong(4, changes.price() != null ? changes.price() : current.price());
            s.setString(5, saleType);
            setInstant(s, 6, opensAt);
            setInteger(s, 7, limit);
            s.setLong(8, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot edit product " + id, e);
        }
        // After the commit: this server's cached terms go at once; the new version in the hot copy makes
        // every other server's cached terms (and batches decided under the old ones) stale.
        cache.forget(id);
        stock.engine().termsChanged(id);
        return find(id);
    }

    /** Every product id, for rebuilding the hot stock at startup. */
    public List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("SELECT id FROM product");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list products", e);
        }
        return ids;
    }

    /** A drop needs its opening time and per-user limit; a normal product has neither. */
    private static void checkTerms(String saleType, Instant opensAt, Integer perUserLimit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (Product.RESERVATION.equals(saleType)) {
            if (opensAt == null) {
                errors.add(new Problem.FieldError("opensAt", "is required for a RESERVATION product"));
            }
            if (perUserLimit == null) {
                errors.add(new Problem.FieldError("perUserLimit", "is required for a RESERVATION product"));
            }
        } else {
            if (opensAt != null) {
                errors.add(new Problem.FieldError("opensAt", "only a RESERVATION product opens at a time"));
            }
            if (perUserLimit != null) {
                errors.add(new Problem.FieldError("perUserLimit", "only a RESERVATION product has a per-user limit"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private List<Product> query(String sql, List<Object> params) {
        return live(select(sql, params));
    }

    private List<Product> select(String sql, List<Object> params) {
        List<Product> rows = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                Instant now = clock.instant();
                while (rs.next()) {
                    Timestamp opens = rs.getTimestamp(7);
                    int limit = rs.getInt(8);
                    Integer perUserLimit = rs.wasNull() ? null : limit;
                    rows.add(Product.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), opens == null ? null : opens.toInstant(), perUserLimit, rs.getLong(9), now));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read products", e);
        }
        return rows;
    }

    /** Swaps the ledger's availability for the hot counter's where Redis has a current one. */
    private List<Product> live(List<Product> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Long> hot;
        try {
            hot = stock.engine().scripts().available(rows.stream().map(Product::id).toList());
        } catch (RuntimeException redisDown) {
            return rows; // the ledger's figure is the truth anyway
        }
        Instant now = clock.instant();
        return rows.stream().map(p -> hot.containsKey(p.id()) ? p.withAvailable(hot.get(p.id()), now) : p).toList();
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    /** Drops open on a whole second: what the ledger stores, so what a shopper sees is what is enforced. */
    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value));
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }
}
