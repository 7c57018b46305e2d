package io.liliflora.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The load generator: asynchronous HTTP/1.1 (one keep-alive connection per request in flight, as
 * that many browsers would hold), so thousands of buyers cost no thread each. Closed loop: each
 * virtual user sends its next request when the last one answered.
 */
public final class Driver implements AutoCloseable {

    /** A drop queues thousands of requests at once on two cores: a slow answer is a figure, not a failure. */
    private static final Duration ANSWER_WITHIN = Duration.ofMinutes(3);

    private final String base;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;

    public Driver(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
    }

    public HttpRequest get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_WITHIN).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    public HttpRequest post(String path, String token, String json, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
    }

    /** Sends one request; the future always completes with a {@link Shot}, never exceptionally. */
    public CompletableFuture<Shot> send(HttpRequest request) {
        long start = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    long end = System.nanoTime();
                    if (failure != null) {
                        return Shot.failed(start, end);
                    }
                    return Shot.of(response.statusCode(), response.body(),
                            response.headers().firstValue("Location").orElse(null), start, end);
                });
    }

    /**
     * {@code users} virtual users in a closed loop for {@code duration}; user {@code u} sends
     * {@code request.apply(n)} for its n-th request overall. Shots answered after the deadline count.
     */
    public Outcomes closedLoop(int users, Duration duration, IntFunction<HttpRequest> request) {
        Outcomes outcomes = new Outcomes();
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicInteger sequence = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(users);
        for (int u = 0; u < users; u++) {
            loop(deadline, sequence, request, outcomes, done);
        }
        await(done, duration.plusSeconds(60));
        return outcomes;
    }

    private void loop(long deadline, AtomicInteger sequence, IntFunction<HttpRequest> request, Outcomes outcomes,
                      CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        send(request.apply(sequence.getAndIncrement())).thenAccept(shot -> {
            outcomes.record(shot);
            loop(deadline, sequence, request, outcomes, done);
        });
    }

    /** Every request at once (each future completes with its shot). */
    public List<CompletableFuture<Shot>> burst(List<HttpRequest> requests) {
        return requests.stream().map(this::send).toList();
    }

    static void await(CountDownLatch latch, Duration max) {
        try {
            if (!latch.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Load did not finish within " + max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
