package io.liliflora.drills.drop;

import io.liliflora.drills.rig.Processes;
import io.liliflora.testkit.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One hot drop: every shopper keeps trying to buy the drop product (1 or 2 units, the
 * per-user limit is 2) from its opening until {@code until}, as a careful client does: a retry
 * of a failed or unanswered order keeps its Idempotency-Key. After a 201 the shopper pays (about
 * half), cancels (one in six) or walks away, leaving the order to expire. A probe shopper
 * meanwhile orders one unit of an always-on-sale product every 300 ms and cancels it, to see when
 * the shop takes orders again after a fault.
 */
public final class Drop {

    private final long dropProduct;
    private final long probeProduct;
    private final Instant opensAt;
    private final Instant until;
    private final Calls calls;
    public final Queue<PlacedOrder> placed = new ConcurrentLinkedQueue<>();
    public final Queue<Instant> probeSuccesses = new ConcurrentLinkedQueue<>();
    public final Queue<Instant> probeFailures = new ConcurrentLinkedQueue<>();
    private volatile Instant probeUntil;

    public Drop(long dropProduct, long probeProduct, Instant opensAt, Instant until, Calls calls) {
        this.dropProduct = dropProduct;
        this.probeProduct = probeProduct;
        this.opensAt = opensAt;
        this.until = until;
        this.calls = calls;
        this.probeUntil = until;
    }

    /** The probe runs at least until {@code instant} (a restart may outlast the drop). */
    public void probeUntil(Instant instant) {
        if (instant.isAfter(probeUntil)) {
            probeUntil = instant;
        }
    }

    public List<Thread> start(List<Shopper> buyers, Shopper probe) {
        List<Thread> threads = new java.util.ArrayList<>();
        for (Shopper buyer : buyers) {
            threads.add(thread(() -> buy(buyer), "buyer-" + buyer.id()));
        }
        threads.add(thread(() -> probe(probe), "probe"));
        return threads;
    }

    private static Thread thread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void buy(Shopper buyer) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sleepUntil(opensAt.minusMillis(random.nextInt(500)));
        String key = null;
        int quantity = 0;
        while (Instant.now().isBefore(until)) {
            if (key == null) {
                key = UUID.randomUUID().toString();
                quantity = 1 + random.nextInt(2);
            }
            String idempotencyKey = key;
            JsonObject body = items(dropProduct, quantity);
            Http.Reply reply = calls.call("order", () -> buyer.http().withHeader("Idempotency-Key", idempotencyKey)
                    .post("/order/orders", body));
            if (reply == null || reply.status() >= 500 || reply.status() == 429
                    || (reply.status() == 409 && "request-in-flight".equals(kind(reply)))) {
                backOff(reply, 300); // same key: the first attempt may have been placed
                continue;
            }
            key = null;
            if (reply.status() == 201) {
                PlacedOrder order = new PlacedOrder(reply.json().getString("id"), buyer, dropProduct, quantity);
                placed.add(order);
                settle(order, random);
            } else {
                // out of stock, limit reached, not open yet: units come back as orders expire
                Processes.pause(Duration.ofMillis(200 + random.nextInt(600)));
            }
        }
    }

    /** Pay, cancel, or walk away (the order then expires). */
    private void settle(PlacedOrder order, ThreadLocalRandom random) {
        double fate = random.nextDouble();
        if (fate >= 0.65) {
            return;
        }
        Processes.pause(Duration.ofMillis(random.nextInt(1500)));
        if (fate < 0.5) {
            order.payAnswer = retried("pay", order, "/payment", Json.createObjectBuilder().add("paymentToken", "tok_ok").build());
        } else {
            order.cancelAnswer = retried("cancel", order, "/cancel", null);
        }
    }

    private int retried(String what, PlacedOrder order, String path, JsonObject body) {
        int answer = PlacedOrder.UNKNOWN;
        for (int attempt = 0; attempt < 4; attempt++) {
            Http.Reply reply = calls.call(what, () -> order.shopper.http().post("/order/orders/" + order.id + path, body));
            if (reply != null && reply.status() < 500) {
                return reply.status();
            }
            // No answer or a 503: the step may or may not have happened; retrying is safe (409 if it did).
            answer = reply == null ? PlacedOrder.UNKNOWN : reply.status();
            backOff(reply, 500);
        }
        return answer;
    }

    private void probe(Shopper probe) {
        while (Instant.now().isBefore(probeUntil)) {
            Http.Reply reply = calls.call("probe", () -> probe.http().post("/order/orders", items(probeProduct, 1)));
            if (reply != null && reply.status() == 201) {
                probeSuccesses.add(Instant.now());
                PlacedOrder order = new PlacedOrder(reply.json().getString("id"), probe, probeProduct, 1);
                placed.add(order);
                order.cancelAnswer = retried("cancel", order, "/cancel", null);
            } else {
                probeFailures.add(Instant.now());
            }
            Processes.pause(Duration.ofMillis(300));
        }
    }

    /** Time from {@code restored} to the first order the shop took after it. */
    public Duration recoveryAfter(Instant restored) {
        return probeSuccesses.stream().filter(t -> !t.isBefore(restored)).min(Instant::compareTo)
                .map(t -> Duration.between(restored, t)).orElse(null);
    }

    public boolean recoveredAfter(Instant restored) {
        return recoveryAfter(restored) != null;
    }

    private static String kind(Http.Reply reply) {
        try {
            return reply.problemKind();
        } catch (RuntimeException | AssertionError notJson) {
            return "";
        }
    }

    private static void backOff(Http.Reply reply, long fallbackMillis) {
        long millis = fallbackMillis;
        if (reply != null && reply.header("Retry-After") != null) {
            try {
                millis = Math.min(2000, Long.parseLong(reply.header("Retry-After").trim()) * 1000);
            } catch (NumberFormatException dateForm) {
                // keep the fallback
            }
        }
        Processes.pause(Duration.ofMillis(millis + ThreadLocalRandom.current().nextInt(200)));
    }

    private static void sleepUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Processes.pause(Duration.ofMillis(millis));
        }
    }

    static JsonObject items(long productId, int quantity) {
        return Json.createObjectBuilder().add("items", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("productId", productId).add("quantity", quantity))).build();
    }
}
