package io.liliflora.order;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Items waiting to be served in batches (smart batching): a worker takes everything that waits,
 * up to {@code maxBatch}, and hands it to the handler as one unit of work; it never waits for a
 * batch to fill, so a lone item goes at once and a burst goes in few large batches. At most
 * {@code workers} batches are worked on at once, on the executor; the rest wait without a thread.
 */
public final class BatchLine<T> {

    private final Executor executor;
    private final int workers;
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger size = new AtomicInteger();

    /** {@code handler} must answer every item it is given and must not throw. */
    public BatchLine(Executor executor, int workers, int maxBatch, Consumer<List<T>> handler) {
        this.executor = executor;
        this.workers = Math.max(1, workers);
        this.maxBatch = Math.max(1, maxBatch);
        this.handler = handler;
    }

    public void add(T item) {
        waiting.add(item);
        size.incrementAndGet();
        startWorkers();
    }

    /** Items waiting, not yet taken into a batch. */
    public int waiting() {
        return size.get();
    }

    private void startWorkers() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= workers) {
                return;
            }
            if (running.compareAndSet(now, now + 1)) {
                try {
                    executor.execute(this::work);
                } catch (RuntimeException rejected) {
                    running.decrementAndGet(); // shutting down: what waits is left unanswered
                    return;
                }
            }
        }
    }

    private void work() {
        try {
            for (List<T> batch; !(batch = take()).isEmpty(); ) {
                handler.accept(batch);
            }
        } finally {
            running.decrementAndGet();
            startWorkers();
        }
    }

    private List<T> take() {
        List<T> batch = new ArrayList<>();
        for (T next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        size.addAndGet(-batch.size());
        return batch;
    }
}
