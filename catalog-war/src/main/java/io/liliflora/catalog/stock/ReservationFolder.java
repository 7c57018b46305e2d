package io.liliflora.catalog.stock;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the fold on a schedule, but out of a drop's way: while reservations are still being
 * written (on any server: the ledger says how old its newest unfolded row is) it waits for a
 * pause of {@code quiet}, and folds anyway once the oldest unfolded row is {@code maxDelay} old,
 * so the derived tables never trail by much more than that.
 */
public final class ReservationFolder implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReservationFolder.class.getName());

    private final StockEngine engine;
    private final Duration quiet;
    private final Duration maxDelay;
    private boolean failing;

    public ReservationFolder(StockEngine engine, Duration quiet, Duration maxDelay) {
        this.engine = engine;
        this.quiet = quiet;
        this.maxDelay = maxDelay;
    }

    @Override
    public void run() {
        try {
            Optional<StockLedger.Backlog> backlog = engine.ledger().backlog();
            if (backlog.isPresent() && (backlog.get().newest().compareTo(quiet) >= 0
                    || backlog.get().oldest().compareTo(maxDelay) >= 0)) {
                engine.fold();
            }
            failing = false;
        } catch (SQLException | RuntimeException e) {
            // The rows wait in the ledger; the next run folds them. Said once per outage.
            LOG.log(failing ? Level.FINE : Level.WARNING, "Could not fold reservations; trying again", e);
            failing = true;
        }
    }
}
