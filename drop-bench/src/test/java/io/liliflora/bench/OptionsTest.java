package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void withoutOptionsItMeasuresTheRunningQuickStartShop() {
        Options o = Options.parse("--checkout", "/tmp/shop");
        assertEquals("http://localhost:9080", o.baseUrl());
        assertNull(o.baseline());
        assertFalse(o.startServer());
        assertFalse(o.jfr());
        assertTrue(o.stockBench());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64), o.levels());
        assertEquals(32, o.compareAt());
        assertEquals(5000, o.sweepBuyers());
        assertEquals(Path.of("/tmp/shop/target/liberty/wlp"), o.wlp());
        assertEquals(Path.of("/tmp/shop/docs/benchmarks"), o.out());
        assertEquals(Path.of("/tmp/shop/target/drop-bench"), o.work());
    }

    @Test
    void aBaselineStartsBothShopsOnTheirOwnPorts() {
        Options o = Options.parse("--checkout", "/tmp/shop", "--baseline", "45b1f41", "--buyers", "200", "--units=50",
                "--levels", "1, 4", "--seconds", "3", "--no-stock-bench", "--jfr");
        assertEquals("45b1f41", o.baseline());
        assertTrue(o.startServer());
        assertEquals("http://localhost:9390", o.baseUrl());
        assertEquals(9380, o.baselinePort());
        assertEquals(200, o.buyers());
        assertEquals(50, o.units());
        assertEquals(List.of(1, 4), o.levels());
        assertEquals(Duration.ofSeconds(3), o.measure());
        assertFalse(o.stockBench());
        assertTrue(o.jfr());
        assertEquals(5000, Options.parse("--sweep-buyers", "5000").sweepBuyers());
        assertEquals(64, Options.parse("--sweep-buyers", "64").sweepBuyers());
    }

    @Test
    void aBaselineAgainstARunningShopStartsOnlyTheBaseline() {
        Options o = Options.parse("--baseline", "origin/main~3", "--base-url", "http://localhost:9780");
        assertFalse(o.startServer());
        assertEquals("http://localhost:9780", o.baseUrl());
    }

    @Test
    void startAloneStartsTheCheckoutsShopOnItsPort() {
        Options o = Options.parse("--start", "--port", "9400");
        assertTrue(o.startServer());
        assertEquals("http://localhost:9400", o.baseUrl());
    }

    @Test
    void contradictionsAndTyposAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--start", "--base-url", "http://localhost:9080"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--baseline", "x", "--only", "drop"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--baseline", "x", "--port", "9380"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--only", "everything"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--buyer", "10"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--baseline"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--levels", "0,4"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("stray"));
    }

    @Test
    void theJfrOptionRecordsForTheServersWholeLife() {
        assertEquals("-XX:StartFlightRecording=filename=/x/a-jfr,settings=profile,dumponexit=true",
                ShopServer.jfrOption(Path.of("/x/a-jfr")));
    }

    @Test
    void aStartedShopGetsItsOwnPortSchemasRedisDatabaseAndPaymentWindow() {
        ShopServer.Target t = ShopServer.Target.started("baseline", "45b1f41", Path.of("/tmp/b"), 9380,
                "liliflora_base_", 10);
        assertEquals("http://localhost:9380", t.baseUrl());
        assertEquals(Path.of("/tmp/b/target/liberty/wlp"), t.wlp());
        assertEquals(10, t.redisDb());
        assertTrue(t.redisUrl().endsWith(":6379/10") || t.redisUrl().endsWith("/10"), t.redisUrl());
        var env = t.environment(Duration.ofSeconds(30));
        assertEquals("9380", env.get("LILIFLORA_HTTP_PORT"));
        assertEquals("9381", env.get("LILIFLORA_HTTPS_PORT"));
        assertEquals("liliflora_base_", env.get("LILIFLORA_DB_SCHEMA_PREFIX"));
        assertEquals(t.redisUrl(), env.get("LILIFLORA_REDIS_URL"));
        assertEquals("PT30S", env.get("LILIFLORA_ORDER_PAYMENT_WINDOW"));
        assertEquals("/tmp/b/target/liberty/wlp/usr/shared/resources/liliflora-keys", env.get("LILIFLORA_KEYS_DIR"));
    }
}
