package io.liliflora.catalog.product;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.CatalogApi;
import io.liliflora.catalog.stock.StockKeys;
import io.liliflora.catalog.stock.StockScripts;
import io.liliflora.testkit.Http;
import io.liliflora.testkit.TestDatabase;
import io.liliflora.testkit.TestRedis;
import jakarta.json.JsonObject;
import java.io.File;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/**
 * The product page from memory (docs/catalog.md, "Product reads"), on a real Liberty, MariaDB and
 * Redis. "Another server" edits the row in MySQL and then announces it with the same script on
 * the same Redis keys as a catalog server's engine after a PATCH commits.
 */
@ExtendWith(ArquillianExtension.class)
class ProductCacheIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/catalog.war"))
                .addClass(ProductCacheProbe.class);
    }

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8) + "-";

    private final CatalogApi api = new CatalogApi();
    private final UnifiedJedis redis = TestRedis.connect();

    @AfterEach
    void close() {
        redis.close();
    }

    /** The server's cache figures and the SQL connections its catalog borrowed so far. */
    private JsonObject figures() {
        Http.Reply reply = api.anyone.get("/catalog/test/product-cache");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static long sql(JsonObject figures) {
        return figures.getJsonNumber("sqlConnections").longValue();
    }

    private static long hits(JsonObject figures) {
        return figures.getJsonNumber("hits").longValue();
    }

    private JsonObject product(long id) {
        Http.Reply reply = api.anyone.get("/catalog/products/" + id);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /**
     * The announcement another catalog server makes after its PATCH commits: its engine's
     * {@code termsChanged} sends exactly this script on the same keys.
     */
    private void announceFromAnotherServer(long id) {
        new StockScripts(redis, new StockKeys("lili:catalog:"), Duration.ofHours(24)).termsChanged(id);
    }

    /** What another server's PATCH does: the row in MySQL, then the announcement. */
    private void editOnAnotherServer(long id, String name, long price, boolean announce) {
        assertEquals(1, TestDatabase.update("catalog", "UPDATE product SET name = ?, price = ? WHERE id = ?", name, price, id));
        if (announce) {
            announceFromAnotherServer(id);
        }
    }


    @Test
    void theCachedProductPageShowsAnAdminsEditAtOnce() {
        long id = api.normal("Cached lily", "cache", 18_000, 7);
        product(id);
        long hitsBefore = hits(figures());
        assertEquals("Cached lily", product(id).getString("name"));
        assertTrue(hits(figures()) > hitsBefore, "the second read came from the cache");

        Http.Reply edited = api.admin.patch("/catalog/products/" + id, Http.json("price", 21_000L, "name", "Edited lily"));
        assertEquals(200, edited.status(), edited::toString);

        JsonObject shown = product(id);
        assertEquals("Edited lily", shown.getString("name"));
        assertEquals(21_000, shown.getInt("price"));
        assertEquals(7, shown.getInt("available"));
        assertEquals("cache", shown.getString("category"));
        // The internal lookup (order-war's wishlist and order screens) reads through the same cache.
        JsonObject looked = api.service.get("/catalog/internal/products?ids=" + id).json().getJsonArray("items").getJsonObject(0);
        assertEquals("Edited lily", looked.getString("name"));
        assertEquals(21_000, looked.getInt("price"));
    }

    @Test
    void aDetailReadSendsNoSqlWhileItsTermsAreCached() {
        long id = api.normal("Counted rose", "cache", 9_000, 30);
        product(id); // fills the cache
        JsonObject before = figures();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            JsonObject shown = product(id);
            assertEquals("Counted rose", shown.getString("name"));
            assertEquals(30, shown.getInt("available"));
        }
        long elapsed = System.nanoTime() - started;
        JsonObject after = figures();
        // An entry is read again once max-age old: only a very slow machine gets that far.
        long maxAgeNanos = Duration.ofMillis(before.getJsonNumber("maxAgeMillis").longValue()).toNanos();
        assertTrue(sql(after) - sql(before) <= elapsed / maxAgeNanos,
                () -> "20 cached reads borrowed " + (sql(after) - sql(before)) + " SQL connection(s)");
        assertTrue(hits(after) - hits(before) >= 20 - elapsed / maxAgeNanos, after::toString);

        // The counter does count: a sale changes only availability (no SQL), an edit costs the next read one query.
        assertEquals(200, CatalogApi.retried(() -> api.reserve(RUN + "counted", "u1", id, 2)).status());
        product(id); // (re)fills the entry, should the reserve have taken longer than max-age
        long beforeSale = sql(figures());
        assertEquals(28, product(id).getInt("available"), "availability is live, not cached");
        assertEquals(beforeSale, sql(figures()));
        editOnAnotherServer(id, "Counted rose, edited", 9_500, true);
        long beforeEdit = sql(figures());
        assertEquals("Counted rose, edited", product(id).getString("name"));
        assertEquals(beforeEdit + 1, sql(figures()), "the read after an edit on another server reads MySQL once");
    }

    @Test
    void anEditOnAnotherServerShowsAtOnceAndAnUnannouncedOneWithinTheMaxAge() {
        long id = api.normal("Far tulip", "cache", 5_000, 3);
        product(id);
        product(id);

        long maxAge = figures().getJsonNumber("maxAgeMillis").longValue();

        editOnAnotherServer(id, "Far tulip, edited", 6_000, true);
        long cachedAt = System.nanoTime();
        JsonObject shown = product(id); // read from MySQL, cached under the new version
        assertEquals("Far tulip, edited", shown.getString("name"));
        assertEquals(6_000, shown.getInt("price"));

        // The announcement lost (Redis unreachable during that server's PATCH): stale for at most max-age.
        editOnAnotherServer(id, "Far tulip, silently edited", 6_500, false);
        JsonObject stale = product(id);
        if (System.nanoTime() - cachedAt < Duration.ofMillis(maxAge).toNanos() / 2) {
            assertEquals("Far tulip, edited", stale.getString("name"), "served from the cache: nothing told it");
        }
        await().atMost(Duration.ofMillis(maxAge + 3_000)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonObject now = product(id);
            assertEquals("Far tulip, silently edited", now.getString("name"));
            assertEquals(6_500, now.getInt("price"));
        });
    }

    @Test
    void afterRedisLostEverythingReadsAreReloadedAndAvailabilityStaysRight() {
        long id = api.normal("Flushed peony", "cache", 12_000, 10);
        assertEquals(200, CatalogApi.retried(() -> api.reserve(RUN + "flush-1", "u1", id, 1)).status());
        assertEquals(9, product(id).getInt("available"));
        product(id); // cached under the hot copy's version

        redis.flushDB(); // only this build's Redis database: versions and counters gone
        editOnAnotherServer(id, "Flushed peony, edited", 13_000, true); // announces into nothing: no hot copy

        long sqlBefore = sql(figures());
        JsonObject shown = product(id);
        assertEquals("Flushed peony, edited", shown.getString("name"), "no version in Redis: read from MySQL");
        assertEquals(13_000, shown.getInt("price"));
        assertEquals(9, shown.getInt("available"), "the ledger's figure while there is no hot copy");
        assertEquals("ON_SALE", shown.getString("status"));
        assertTrue(sql(figures()) > sqlBefore);

        // The next stock call rebuilds the hot copy from the ledger (a new terms version); reads are cached again.
        assertEquals(200, CatalogApi.retried(() -> api.reserve(RUN + "flush-2", "u2", id, 2)).status());
        assertEquals(7, product(id).getInt("available"));
        long cachedSql = sql(figures());
        JsonObject again = product(id);
        assertEquals("Flushed peony, edited", again.getString("name"));
        assertEquals(7, again.getInt("available"));
        assertEquals(cachedSql, sql(figures()), "cached again under the rebuilt copy's version");

        // And versions work again after the rebuild.
        editOnAnotherServer(id, "Flushed peony, edited twice", 14_000, true);
        assertEquals("Flushed peony, edited twice", product(id).getString("name"));
        JsonObject ledger = api.ledger(id);
        assertEquals(7, ledger.getInt("available"));
        CatalogApi.assertConserved(ledger);
    }
}
