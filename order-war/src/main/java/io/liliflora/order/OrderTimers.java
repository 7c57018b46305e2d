package io.liliflora.order;

import io.liliflora.order.stock.StockRelay;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The automatic steps of the status machine as EJB persistent timers, one per second of due
 * times ({@link StepBucket}), however many orders fall in that second. Timers are stored in the
 * order database (server.xml's timerService), so a bucket due while the server is down fires once
 * after the restart, and several servers sharing the database fire it once between them.
 *
 * <p>{@code step_bucket} has a row for every second whose timer is pending. A transaction that
 * makes an order due in a second runs {@link #ensureBuckets}: {@code INSERT IGNORE} of the second,
 * and a timer only when the row was new; so the timer exists if and only if that transaction
 * committed. When the timer fires, a first transaction deletes the row ({@link OrderBook#claim}),
 * then the due orders are read and moved (see {@link OrderBook#advanceDue}). The two meet on the row's lock: an {@code INSERT
 * IGNORE} that finds the row keeps a shared lock on it until its commit, and the firing's delete
 * waits for that, so every order stored by such a transaction is committed before the firing reads;
 * an {@code INSERT IGNORE} after the delete waits for the firing to commit, then finds no row and
 * creates a new row and timer of its own. Either way each due order is read by a firing.
 *
 * <p>Timers of the previous build ({@link StepDue}, one per order) are still honoured.
 */
@Stateless
public class OrderTimers {

    private static final Logger LOG = Logger.getLogger(OrderTimers.class.getName());

    /** Orders moved per transaction when a bucket fires; a larger bucket takes several. */
    static final int CHUNK = 500;

    /** A chunk that failed (a deadlock victim, a lost connection) is tried again this often before the timer retries. */
    private static final int CHUNK_ATTEMPTS = 3;

    @Resource
    TimerService timerService;

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Inject
    OrderBook book;

    @Inject
    StockRelay relay;

    /**
     * Makes sure a timer is pending for the second of each due time, in the caller's transaction
     * (one call for a whole batch of orders: one statement per distinct second, one timer per new
     * second). Call it after the orders' rows are written (flushed) and as late as possible before
     * the commit: a concurrent transaction with an order in the same new second waits for this
     * one's commit. Null due times are ignored.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void ensureBuckets(Collection<Instant> dueTimes) {
        // Ascending, so two transactions never take two seconds' rows in opposite orders.
        SortedSet<Long> seconds = new TreeSet<>();
        dueTimes.stream().filter(Objects::nonNull).forEach(due -> seconds.add(StepBucket.of(due).second()));
        for (long second : seconds) {
            int inserted = em.createNativeQuery("INSERT IGNORE INTO step_bucket (due_second) VALUES (?)")
                    .setParameter(1, second).executeUpdate();
            if (inserted == 1) {
                StepBucket bucket = new StepBucket(second);
                timerService.createSingleActionTimer(Date.from(bucket.end()), new TimerConfig(bucket.info(), true));
            }
        }
    }

    /**
     * A bucket's timer moves every order due before the end of its second, late ones included:
     * first its row is deleted ({@link OrderBook#claim}), then transactions of {@link #CHUNK}
     * orders follow, each committed before the next; each moved order's stock call is handed to
     * the relay after its transaction committed. Not in a transaction of its own: if the server
     * dies between transactions, the timer has not completed and fires again after the restart,
     * and finds only what is still due.
     *
     * <p>A transaction that fails three times is done again one order per transaction, so one
     * order whose step cannot be written (it would fail every chunk it is in, and every later
     * bucket includes it) holds up no other order. Such orders stay due and are logged; the
     * firing then fails, so the timer service runs the timer again later (and every later bucket
     * tries them too).
     */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void due(Timer timer) {
        String info = (String) timer.getInfo();
        StepBucket bucket = StepBucket.decode(info).orElse(null);
        if (bucket == null) {
            StepDue step = StepDue.decode(info);
            boolean applied = book.advance(step.orderId(), step.from(), step.to());
            LOG.fine(() -> "Timer " + step + (applied ? " applied" : " no longer applies"));
            return;
        }
        book.claim(bucket);
        Instant end = bucket.end();
        Set<String> failed = new LinkedHashSet<>();
        int moved = 0;
        while (true) {
            OrderBook.Chunk chunk;
            try {
                chunk = chunk(end, failed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Step bucket " + bucket.second() + ": a transaction of up to " + CHUNK
                        + " orders failed " + CHUNK_ATTEMPTS + " times; moving them one by one", e);
                chunk = oneByOne(end, failed);
            }
            moved += chunk.moved();
            relay.deliverLater(chunk.stockCalls());
            if (!chunk.more()) {
                break;
            }
        }
        int total = moved;
        LOG.fine(() -> "Step bucket " + bucket.second() + ": " + total + " orders moved");
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Step bucket " + bucket.second() + ": the automatic step of "
                    + failed.size() + " orders failed and stays due: " + failed);
        }
    }

    private OrderBook.Chunk chunk(Instant end, Set<String> failed) {
        for (int attempt = 1; ; attempt++) {
            try {
                return book.advanceDue(end, CHUNK, failed);
            } catch (RuntimeException e) {
                if (attempt == CHUNK_ATTEMPTS) {
                    throw e;
                }
                LOG.log(Level.FINE, "A step bucket transaction failed, again", e);
            }
        }
    }

    /** The next chunk's orders, each in a transaction of its own; the ones that fail join {@code failed}. */
    private OrderBook.Chunk oneByOne(Instant end, Set<String> failed) {
        List<String> ids = book.dueIds(end, CHUNK, failed);
        List<String> stockCalls = new ArrayList<>();
        int moved = 0;
        for (String id : ids) {
            try {
                OrderBook.Chunk one = book.advanceDueOrder(id, end);
                moved += one.moved();
                stockCalls.addAll(one.stockCalls());
            } catch (RuntimeException e) {
                failed.add(id);
                LOG.log(Level.SEVERE, "The automatic step of order " + id + " failed; it stays due", e);
            }
        }
        return new OrderBook.Chunk(moved, stockCalls, ids.size() == CHUNK);
    }
}
