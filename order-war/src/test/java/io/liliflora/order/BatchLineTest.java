package io.liliflora.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Smart batching: a lone item goes at once, what waits meanwhile goes together, bounded. */
class BatchLineTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aLoneItemIsHandledAtOnceWithoutWaitingForABatchToFill() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        BatchLine<Integer> line = new BatchLine<>(executor, 2, 100, batch -> {
            batches.add(batch);
            handled.countDown();
        });
        line.add(1);
        assertTrue(handled.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1)), batches);
    }

    @Test
    void itemsArrivingWhileTheWorkerIsBusyGoTogetherInBatchesOfAtMostMax() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        BatchLine<Integer> line = new BatchLine<>(executor, 1, 4, batch -> {
            batches.add(batch);
            firstStarted.countDown();
            await(release);
            if (seen.addAndGet(batch.size()) == 11) {
                all.countDown();
            }
        });
        line.add(0);
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 10; i++) {
            line.add(i);
        }
        assertEquals(10, line.waiting());
        release.countDown();
        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10)), batches);
        assertEquals(0, line.waiting());
    }

    @Test
    void noMoreBatchesRunAtOnceThanWorkers() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(200);
        BatchLine<Integer> line = new BatchLine<>(executor, 2, 3, batch -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1); // a batch's work takes a while: others pile up behind it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            batch.forEach(i -> done.countDown());
        });
        for (int i = 0; i < 200; i++) {
            line.add(i);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(most.get() <= 2, "at most 2 batches at once, saw " + most.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
