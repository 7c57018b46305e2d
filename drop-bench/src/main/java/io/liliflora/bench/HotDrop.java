package io.liliflora.bench;

import io.liliflora.testkit.TestDatabase;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Scenario 1: every buyer fires at {@code opensAt} for a drop of {@code units} with a per-user
 * limit of 1. One buyer in ten double-clicks (the same Idempotency-Key twice at once), one in
 * twenty tries a second order under another key. A buyer told {@code sale-not-open} (our clock
 * a hair ahead of the server's) asks again at once, as the shop page would. Every other buyer
 * pays as soon as the order is placed; the other orders are left to expire, and the counters are taken from the durable ledger and
 * the order schema: every one must be 0.
 */
public final class HotDrop {

    /**
     * {@code openingNanos}: {@code opensAt} (the shop clock, through the measured offset) on our
     * nanosecond clock; the buyers fire 20 ms after it. Answer times "from the opening" count from it.
     */
    public record Result(long productId, int buyers, int units, Outcomes outcomes, long openingNanos,
                         long firstSendNanos, long sellOutNanos, int created, int distinctOrders, int paid,
                         BenchShop.Ledger afterDrop, BenchShop.Ledger afterExpiry, long oversold, long undersold,
                         long duplicates, long serverErrors, long notOpenRetries, Duration expiryWait,
                         long liveAfterDrop, long paidInDb) {

        public double sellOutMs() {
            return (sellOutNanos - firstSendNanos) / 1e6;
        }

        public double reservationsPerSecond() {
            return created == 0 ? 0 : distinctOrders / ((sellOutNanos - firstSendNanos) / 1e9);
        }

        /** Milliseconds from the opening to the answer's last byte (a retried buyer's final answer). */
        public double msFromOpening(Shot shot) {
            return (shot.startNanos() + shot.latencyNanos() - openingNanos) / 1e6;
        }

        /** Milliseconds from the opening at percentile {@code p} of one outcome's answers; NaN when none. */
        public double fromOpeningMs(String outcome, double p) {
            org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(1_000, 600_000_000_000L, 3);
            for (Shot s : outcomes.shots()) {
                if (s.outcome().equals(outcome)) {
                    h.recordValue(Math.max(1_000, Math.min(600_000_000_000L, Math.round(msFromOpening(s) * 1e6))));
                }
            }
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
        }

        /** Order attempts (double-clicks and second tries included) answered later than {@code ms} after the opening. */
        public long answeredLaterThan(double ms) {
            long late = 0;
            for (Shot s : outcomes.shots()) {
                if (msFromOpening(s) > ms) {
                    late++;
                }
            }
            return late;
        }

        /** Order attempts answered (their final answers). */
        public long answers() {
            return outcomes.counts().values().stream().mapToLong(Long::longValue).sum();
        }

        /** When the last order attempt was answered, in ms after the opening; NaN when none was. */
        public double lastAnswerMs() {
            double last = Double.NaN;
            for (Shot s : outcomes.shots()) {
                double ms = msFromOpening(s);
                last = Double.isNaN(last) ? ms : Math.max(last, ms);
            }
            return last;
        }

        public boolean clean() {
            return oversold == 0 && undersold == 0 && duplicates == 0 && serverErrors == 0;
        }
    }

    private static final String PAY = "{\"paymentToken\":\"tok_ok\"}";

    private final Driver driver;
    private final BenchShop shop;
    private final Consumer<String> log;

    public HotDrop(Driver driver, BenchShop shop, Consumer<String> log) {
        this.driver = driver;
        this.shop = shop;
        this.log = log;
    }

    public Result run(String run, List<BenchBuyers.Buyer> buyers, int units, Duration paymentWindow, Duration lead) {
        Duration offset = shop.clockOffset();
        Instant opensAt = Instant.now().plus(offset).plus(lead).truncatedTo(ChronoUnit.SECONDS);
        long product = shop.createDrop("Bench drop " + run, units, opensAt, 1);
        log.accept("drop " + product + ": " + units + " units for " + buyers.size() + " buyers, opens " + opensAt
                + " (server clock offset " + offset.toMillis() + " ms)");

        // Each buyer has the product page open before the opening: that also opens its connection.
        List<CompletableFuture<Shot>> views = new ArrayList<>();
        for (BenchBuyers.Buyer b : buyers) {
            views.add(driver.send(driver.get("/catalog/products/" + product, b.token())));
        }
        views.forEach(CompletableFuture::join);

        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";
        List<HttpRequest> requests = new ArrayList<>();
        List<BenchBuyers.Buyer> owners = new ArrayList<>();
        List<Boolean> payers = new ArrayList<>();
        for (int i = 0; i < buyers.size(); i++) {
            BenchBuyers.Buyer b = buyers.get(i);
            String key = run + "-" + b.id();
            requests.add(driver.post("/order/orders", b.token(), body, key));
            owners.add(b);
            payers.add(i % 2 == 0);
            if (i % 10 == 3) {
                requests.add(driver.post("/order/orders", b.token(), body, key));
                owners.add(b);
                payers.add(false);
            }
            if (i % 20 == 7) {
                requests.add(driver.post("/order/orders", b.token(), body, key + "-again"));
                owners.add(b);
                payers.add(false);
            }
        }
        sleepUntil(opensAt.minus(offset).plusMillis(20));

        Outcomes outcomes = new Outcomes();
        long first = System.nanoTime();
        long opening = first - (System.currentTimeMillis() - opensAt.minus(offset).toEpochMilli()) * 1_000_000L;
        List<CompletableFuture<Shot>> answers = new ArrayList<>();
        List<CompletableFuture<Shot>> payments = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            CompletableFuture<Shot> answer = retryingNotOpen(requests.get(i), 0);
            answers.add(answer);
            if (payers.get(i)) {
                // Every other buyer pays as soon as the order is there, as a shopper at checkout would.
                String token = owners.get(i).token();
                payments.add(answer.thenCompose(shot -> shot.status() == 201
                        ? driver.send(driver.post(java.net.URI.create(shot.location()).getRawPath() + "/payment", token, PAY, null))
                        : CompletableFuture.completedFuture(null)));
            }
        }
        Map<String, String> tokenOfOrder = new HashMap<>();
        long lastCreated = first;
        long retries = 0;
        for (int i = 0; i < answers.size(); i++) {
            Shot shot = answers.get(i).join();
            outcomes.record(shot);
            if (shot.status() == 201) {
                tokenOfOrder.put(shot.location(), owners.get(i).token());
                lastCreated = Math.max(lastCreated, shot.startNanos() + shot.latencyNanos());
            }
        }
        retries = notOpen.get();
        int created = (int) outcomes.count("201");
        int distinct = tokenOfOrder.size();
        log.accept("drop answered: " + outcomes.counts() + ", " + distinct + " orders, sold out in "
                + String.format("%.0f ms", (lastCreated - first) / 1e6));

        int paid = 0;
        for (CompletableFuture<Shot> payment : payments) {
            Shot shot = payment.join();
            if (shot != null && shot.status() == 200) {
                paid++;
            } else if (shot != null) {
                log.accept("a payment answered " + shot.outcome());
            }
        }
        BenchShop.Ledger afterDrop = shop.ledger(product);
        long liveAfterDrop = count("SELECT COUNT(DISTINCT o.id) FROM orders o JOIN order_item i ON i.order_id = o.id"
                + " WHERE i.product_id = ? AND o.status NOT IN ('EXPIRED','CANCELLED','RETURNED')", product);
        // Live: anything but expired, cancelled, returned (a test server ships paid orders in seconds).
        // Per-user limit 1: a second live order of one buyer is a duplicate, whatever key it came with.
        long duplicateRows = count("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT o.user_id, COUNT(*) n FROM orders o"
                + " JOIN order_item i ON i.order_id = o.id WHERE i.product_id = ? AND o.status NOT IN ('EXPIRED','CANCELLED','RETURNED')"
                + " GROUP BY o.user_id HAVING n > 1) d", product);
        long waitStart = System.nanoTime();
        BenchShop.Ledger afterExpiry = awaitSettled(product, paymentWindow.plus(Duration.ofMinutes(10)));
        Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);

        long paidInDb = paidOrders(product);
        // More orders than units can be right: a drop that outlasts the payment window resells expired
        // orders' units. Wrong is more live (pending or paid) orders than units, or a ledger that holds
        // more than it has.
        long oversold = Math.max(0, liveAfterDrop - units) + Math.max(0, paidInDb - units)
                + Math.max(0, afterDrop.sold() + afterDrop.reserved() - afterDrop.total())
                + Math.max(0, afterExpiry.sold() + afterExpiry.reserved() - afterExpiry.total());
        // Once every unpaid order expired, each unit is sold to a paid order or back on sale.
        long undersold = Math.abs(afterExpiry.total() - afterExpiry.available() - paidInDb)
                + Math.abs(afterExpiry.sold() - paidInDb) + afterExpiry.reserved();
        long duplicates = duplicateRows;
        if (paidInDb != paid) {
            log.accept("paid orders: " + paid + " answered 200, " + paidInDb + " PAID in the order schema");
        }
        return new Result(product, buyers.size(), units, outcomes, opening, first, lastCreated, created, distinct, paid,
                afterDrop, afterExpiry, oversold, undersold, duplicates, outcomes.serverErrors(), retries, waited,
                liveAfterDrop, paidInDb);
    }

    private final java.util.concurrent.atomic.AtomicLong notOpen = new java.util.concurrent.atomic.AtomicLong();

    /** A buyer told sale-not-open asks again after 20 ms; only the final answer is recorded. */
    private CompletableFuture<Shot> retryingNotOpen(HttpRequest request, int attempt) {
        return driver.send(request).thenCompose(shot -> {
            if (shot.status() == 409 && "sale-not-open".equals(shot.kind()) && attempt < 50) {
                notOpen.incrementAndGet();
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20,
                        java.util.concurrent.TimeUnit.MILLISECONDS)).thenCompose(x -> retryingNotOpen(request, attempt + 1));
            }
            return CompletableFuture.completedFuture(shot);
        });
    }

    /**
     * Waits until the ledger holds no reservation and has sold exactly the paid orders: every unpaid
     * order expired and every payment's confirm reached the catalog (on a loaded machine the timers
     * and the stock outbox can run minutes behind). Gives up after {@code max}; the counters then
     * show what had not settled.
     */
    private BenchShop.Ledger awaitSettled(long product, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        BenchShop.Ledger ledger = shop.ledger(product);
        while ((ledger.reserved() > 0 || ledger.sold() != paidOrders(product)) && System.nanoTime() < deadline) {
            sleep(1000);
            ledger = shop.ledger(product);
        }
        return ledger;
    }

    private static long paidOrders(long product) {
        return count("SELECT COUNT(DISTINCT o.id) FROM orders o JOIN order_item i ON i.order_id = o.id"
                + " WHERE i.product_id = ? AND o.payment_ref IS NOT NULL"
                + " AND o.status NOT IN ('CANCELLED','RETURNED')", product);
    }

    private static long count(String sql, Object... params) {
        Object value = TestDatabase.rows("order", sql, params).get(0).values().iterator().next();
        return ((Number) value).longValue();
    }

    private static void sleepUntil(Instant at) {
        long ms = at.toEpochMilli() - System.currentTimeMillis();
        if (ms > 0) {
            sleep(ms);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
