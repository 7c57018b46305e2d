package io.liliflora.catalog.product;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The terms of products (everything a product shows but its availability) kept in memory, each
 * with the terms version of the stock engine's hot copy that was read <em>before</em> the terms
 * were read from MySQL. An entry is used only when the caller has just read the same, non-empty
 * version from Redis (an edit on any server, a rebuild or a lost hot copy changes or empties it)
 * and it is younger than the max age (an edit whose announcement missed Redis is seen that late
 * at most). Plain logic, no CDI: {@link ProductCatalog} reads the versions and the rows.
 */
final class ProductCache {

    /** Cached terms, the version they were read under, and when their read began. */
    record Entry(Product terms, String version, long loadedNanos) {
    }

    /** Taken before a load: an entry loaded under it is kept only if nothing was forgotten meanwhile. */
    record Ticket(long epoch, long startNanos) {
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private final AtomicLong epoch = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /**
     * @param maxEntries at most this many products are kept (0: nothing is cached)
     * @param maxAge     an entry older than this is read again whatever its version (zero: nothing is cached)
     * @param nanos      the monotonic clock ({@code System::nanoTime}; a fake one in tests)
     */
    ProductCache(int maxEntries, Duration maxAge, LongSupplier nanos) {
        this.maxEntries = Math.max(0, maxEntries);
        this.maxAgeNanos = Math.max(0, maxAge.toNanos());
        this.nanos = nanos;
    }

    boolean enabled() {
        return maxEntries > 0 && maxAgeNanos > 0;
    }

    /**
     * The cached terms of a product if they were read under {@code version} (the version Redis
     * holds now) and are not too old; null otherwise (the caller reads MySQL). An empty version
     * (no current hot copy: Redis lost it, or it is being rebuilt) never matches.
     */
    Product fresh(long id, String version) {
        Entry e = entries.get(id);
        if (e != null && version != null && !version.isEmpty() && version.equals(e.version())
                && nanos.getAsLong() - e.loadedNanos() < maxAgeNanos) {
            hits.increment();
            return e.terms();
        }
        misses.increment();
        return null;
    }

    /** To be taken before reading the version and the terms of a load. */
    Ticket ticket() {
        return new Ticket(epoch.get(), nanos.getAsLong());
    }

    /**
     * Keeps terms read from MySQL under the version read before them. Nothing is kept without a
     * version, or when this server forgot an entry after the ticket was taken (a load racing a
     * local edit could otherwise put the old terms back under the old version).
     */
    boolean put(long id, Product terms, String version, Ticket ticket) {
        if (!enabled() || version == null || version.isEmpty() || epoch.get() != ticket.epoch()) {
            return false;
        }
        Entry entry = new Entry(terms, version, ticket.startNanos());
        entries.put(id, entry);
        if (epoch.get() != ticket.epoch()) {
            entries.remove(id, entry); // forgotten while we were putting
            return false;
        }
        if (entries.size() > maxEntries) {
            evict();
        }
        return true;
    }

    /** This server changed the product: its entry goes, and no load begun before now puts one back. */
    void forget(long id) {
        epoch.incrementAndGet();
        entries.remove(id);
    }

    /** Over the bound: the oldest entries go, a tenth of the bound more than needed (so this is rare). */
    private synchronized void evict() {
        int over = entries.size() - maxEntries;
        if (over <= 0) {
            return;
        }
        int drop = over + maxEntries / 10;
        List<Map.Entry<Long, Entry>> all = new ArrayList<>(entries.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue().loadedNanos()));
        for (int i = 0; i < drop && i < all.size(); i++) {
            if (entries.remove(all.get(i).getKey(), all.get(i).getValue())) {
                evictions.increment();
            }
        }
    }

    int size() {
        return entries.size();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long evictions() {
        return evictions.sum();
    }
}
