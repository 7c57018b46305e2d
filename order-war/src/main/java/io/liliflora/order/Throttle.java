package io.liliflora.order;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on an executor with at most {@code limit} of them running at once; the rest wait
 * in order, without a thread. On one server the work a placement or a stock delivery does calls
 * the other WARs over HTTP, and those calls are served by the same executor: unbounded, a burst
 * of such tasks takes every thread while the calls it waits for queue behind it.
 */
public final class Throttle {

    private final Executor executor;
    private final int limit;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workers = new AtomicInteger();

    public Throttle(Executor executor, int limit) {
        this.executor = executor;
        this.limit = Math.max(1, limit);
    }

    /** Runs {@code task} once a slot is free. A task's own failure is its own business: it must not throw. */
    public void run(Runnable task) {
        waiting.add(task);
        startWorkers();
    }

    /** Starts workers while slots are free and tasks wait (an adder and a finishing worker both check). */
    private void startWorkers() {
        while (!waiting.isEmpty()) {
            int running = workers.get();
            if (running >= limit) {
                return;
            }
            if (workers.compareAndSet(running, running + 1)) {
                try {
                    executor.execute(this::work);
                } catch (RuntimeException rejected) {
                    workers.decrementAndGet(); // shutting down: what waits is left to its owner's sweep
                    return;
                }
            }
        }
    }

    private void work() {
        try {
            for (Runnable next; (next = waiting.poll()) != null; ) {
                next.run();
            }
        } finally {
            workers.decrementAndGet();
            startWorkers();
        }
    }
}
