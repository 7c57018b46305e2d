package io.liliflora.catalog.stock;

import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the fold on a schedule, but out of a drop's way: while the engine is writing batches it
 * waits for a pause of {@code quiet}, and folds anyway once {@code maxDelay} has passed since its
 * last fold, so the derived tables never trail by much more than that.
 */
public final class ReservationFolder implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReservationFolder.class.getName());

    private final StockEngine engine;
    private final long quietNanos;
    private final long maxDelayNanos;
    private long lastFoldNanos = System.nanoTime();
    private boolean failing;

    public ReservationFolder(StockEngine engine, Duration quiet, Duration maxDelay) {
        this.engine = engine;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (now - engine.lastWriteNanos() < quietNanos && now - lastFoldNanos < maxDelayNanos) {
            return;
        }
        try {
            engine.fold();
            lastFoldNanos = now;
            failing = false;
        } catch (SQLException | RuntimeException e) {
            // The rows wait in the ledger; the next run folds them. Said once per outage.
            LOG.log(failing ? Level.FINE : Level.WARNING, "Could not fold reservations; trying again", e);
            failing = true;
        }
    }
}
