package io.liliflora.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The product cache's rules on a fake clock: version match, max age, the size bound, local forgetting. */
class ProductCacheTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ProductCache cache = new ProductCache(10, Duration.ofSeconds(5), nanos::get);

    private static Product terms(long id, String name) {
        return Product.of(id, name, "d", "c", 100, Product.NORMAL, null, null, 0, Instant.EPOCH);
    }

    @Test
    void termsAreUsedOnlyUnderTheVersionTheyWereReadUnder() {
        Product rose = terms(1, "Rose");
        assertTrue(cache.put(1, rose, "v1", cache.ticket()));
        assertSame(rose, cache.fresh(1, "v1"));
        assertNull(cache.fresh(1, "v2"), "an edit (any server) or a rebuild gave the hot copy a new version");
        assertNull(cache.fresh(1, ""), "no current hot copy (Redis lost it): read MySQL");
        assertNull(cache.fresh(1, null));
        assertNull(cache.fresh(2, "v1"), "another product");
        assertEquals(1, cache.hits());
        assertEquals(4, cache.misses());
    }

    @Test
    void nothingIsCachedWithoutAVersion() {
        assertFalse(cache.put(1, terms(1, "Rose"), "", cache.ticket()));
        assertFalse(cache.put(1, terms(1, "Rose"), null, cache.ticket()));
        assertNull(cache.fresh(1, ""));
        assertEquals(0, cache.size());
    }

    @Test
    void termsAgeOutAfterTheMaxAgeWhateverTheVersion() {
        ProductCache.Ticket ticket = cache.ticket();
        nanos.addAndGet(Duration.ofMillis(300).toNanos()); // the load itself took a while
        cache.put(1, terms(1, "Rose"), "v1", ticket);
        nanos.addAndGet(Duration.ofMillis(4_600).toNanos());
        assertNotNull(cache.fresh(1, "v1"), "4.9 s after the read began");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertNull(cache.fresh(1, "v1"), "the age counts from when the read began, not from when it was cached");
    }

    @Test
    void aLoadBegunBeforeALocalEditDoesNotPutTheOldTermsBack() {
        ProductCache.Ticket before = cache.ticket();
        cache.forget(1); // this server's PATCH committed while the load read the old row
        assertFalse(cache.put(1, terms(1, "Old rose"), "v1", before));
        assertNull(cache.fresh(1, "v1"));
        assertTrue(cache.put(1, terms(1, "New rose"), "v1", cache.ticket()));
        assertEquals("New rose", cache.fresh(1, "v1").name());
        cache.forget(1);
        assertNull(cache.fresh(1, "v1"), "forgotten at once, before any version changes");
    }

    @Test
    void theSizeIsBoundedAndTheOldestEntriesGoFirst() {
        for (long id = 1; id <= 25; id++) {
            nanos.addAndGet(1_000);
            cache.put(id, terms(id, "P" + id), "v", cache.ticket());
            assertTrue(cache.size() <= 10, () -> "size " + cache.size());
        }
        assertNotNull(cache.fresh(25, "v"), "the newest stays");
        assertNull(cache.fresh(1, "v"), "the oldest went");
        assertTrue(cache.evictions() >= 15, () -> "evictions " + cache.evictions());
    }

    @Test
    void aZeroBoundOrAgeTurnsTheCacheOff() {
        ProductCache none = new ProductCache(0, Duration.ofSeconds(5), nanos::get);
        assertFalse(none.put(1, terms(1, "Rose"), "v", none.ticket()));
        ProductCache ageless = new ProductCache(10, Duration.ZERO, nanos::get);
        assertFalse(ageless.put(1, terms(1, "Rose"), "v", ageless.ticket()));
        assertNull(ageless.fresh(1, "v"));
    }
}
