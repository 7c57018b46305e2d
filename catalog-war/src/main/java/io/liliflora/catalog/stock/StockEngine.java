package io.liliflora.catalog.stock;

import io.liliflora.catalog.stock.StockCommand.Kind;
import io.liliflora.catalog.stock.StockLedger.Changes;
import io.liliflora.catalog.stock.StockLedger.Recorded;
import io.liliflora.catalog.stock.StockLedger.Snapshot;
import io.liliflora.catalog.stock.StockLedger.Terms;
import io.liliflora.catalog.stock.StockOutcome.ReservedItem;
import io.liliflora.catalog.stock.StockOutcome.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stock engine. Calls on one product queue in that product's lane; whichever caller finds the
 * lane idle becomes its holder: it takes the product's Redis lock once, applies everything queued
 * (up to a batch) in one Lua call on the hot counters, writes the same batch to the ledger in one
 * transaction fenced by the lock's token, and only then answers the callers. The lock is taken
 * once per batch instead of once per unit, so a drop's burst costs one acquisition per batch.
 * Calls spanning several products take every product's lock in id order and go the same way.
 */
public final class StockEngine {

    private static final Logger LOG = Logger.getLogger(StockEngine.class.getName());

    /** Tunables; every one is a config key of the service. */
    public record Settings(Duration lease, Duration lockWait, int maxBatch, Duration answerTimeout, int maxAttempts,
                           int writesInFlight, Duration termsMaxAge) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), 512, Duration.ofSeconds(5), 4, 2,
                    Duration.ofSeconds(5));
        }
    }

    /**
     * Called by the holder after its Redis write and before its ledger write. Only tests set it
     * (to pause a holder past its lease); production has none.
     */
    public interface HolderHook {
        void beforeLedgerWrite(List<StockLock.Lease> leases);
    }

    private final StockLock lock;
    private final StockScripts scripts;
    private final StockLedger ledger;
    private final Settings settings;
    private final Clock clock;
    private final TermsBook terms;
    private volatile HolderHook hook = leases -> { };

    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final Set<Long> rebuilding = ConcurrentHashMap.newKeySet();
    private final AtomicLong fencedWrites = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    private final LongAdder applies = new LongAdder();
    private final LongAdder appliedLines = new LongAdder();
    private final LongAdder applyNanos = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();
    private final AtomicLong folded = new AtomicLong();

    public StockEngine(StockLock lock, StockScripts scripts, StockLedger ledger, Settings settings, Clock clock) {
        this.lock = lock;
        this.scripts = scripts;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.terms = new TermsBook(ledger, scripts, settings.termsMaxAge());
    }

    public void hook(HolderHook hook) {
        this.hook = hook;
    }

    /** Writes refused because a newer fencing token had written (a holder past its lease). */
    public long fencedWrites() {
        return fencedWrites.get();
    }

    public long batches() {
        return batches.get();
    }

    public long rebuilds() {
        return rebuilds.get();
    }

    /** Where batches' time went since the engine started (sums): what the benchmark reports beside its rates. */
    public record Stats(long applies, long lines, long applyNanos, long writes, long writeNanos) {

        /** What happened between {@code earlier} and this. */
        public Stats since(Stats earlier) {
            return new Stats(applies - earlier.applies, lines - earlier.lines, applyNanos - earlier.applyNanos,
                    writes - earlier.writes, writeNanos - earlier.writeNanos);
        }

        public Stats plus(Stats other) {
            return new Stats(applies + other.applies, lines + other.lines, applyNanos + other.applyNanos,
                    writes + other.writes, writeNanos + other.writeNanos);
        }
    }

    public Stats stats() {
        return new Stats(applies.sum(), appliedLines.sum(), applyNanos.sum(), writes.sum(), writeNanos.sum());
    }

    /** Rounds of at most this many reservations per fold transaction. */
    private static final int FOLD_ROUND = 500;

    /**
     * Folds every reservation written so far into reservation_item and buyer_quota (the reads
     * of reports, rebuilds and transitions); safe to run on any number of servers at once.
     */
    public int fold() throws SQLException {
        int n = ledger.foldPending(FOLD_ROUND);
        folded.addAndGet(n);
        return n;
    }

    /** Reservations this engine has folded. */
    public long foldedReservations() {
        return folded.get();
    }

    public StockScripts scripts() {
        return scripts;
    }

    public StockLedger ledger() {
        return ledger;
    }

    // ---- the calls -------------------------------------------------------------------------

    public StockOutcome reserve(String orderId, String userId, Map<Long, Integer> items) {
        return submit(StockCommand.reserve(orderId, userId, items));
    }

    public StockOutcome confirm(String orderId) {
        return transition(Kind.CONFIRM, orderId);
    }

    public StockOutcome release(String orderId) {
        return transition(Kind.RELEASE, orderId);
    }

    public StockOutcome restock(String orderId) {
        return transition(Kind.RESTOCK, orderId);
    }

    public StockOutcome add(long productId, int units) {
        return submit(StockCommand.add(productId, units));
    }

    /**
     * A product's terms were edited: this engine reads them again, and the new version in the
     * hot copy makes every other engine's batches decided under the old ones start over.
     */
    public void termsChanged(long productId) {
        terms.forget(productId);
        try {
            scripts.termsChanged(productId);
        } catch (RuntimeException e) {
            // Other engines' entries age out within settings.termsMaxAge().
            LOG.log(Level.WARNING, "Could not announce the new terms of product " + productId, e);
        }
    }

    private StockOutcome transition(Kind kind, String orderId) {
        return transitionAll(List.of(new Transition(kind, orderId))).get(0);
    }

    /** A confirm, release or restock of one order, as one entry of {@link #transitionAll}. */
    public record Transition(Kind kind, String orderId) {
    }

    /**
     * Many reserves at once (a batch of placements): they queue in their products' lanes together
     * and this thread takes the lanes' turns until every one is answered, so a batch of orders for
     * one product costs one lock tenure, one Lua call and one ledger commit per engine batch, not
     * per order. Answers in the order asked; each reserve stays idempotent by its order id.
     */
    public List<StockOutcome> reserveAll(List<StockCommand> reserves) {
        return submitAll(reserves);
    }

    /**
     * Many transitions at once (order-war's stock outbox delivering a batch): the ledger records of
     * every order are read in one query and the unfolded ones folded in one transaction, then the
     * transitions queue in their lanes together like {@link #reserveAll}. Answers in the order asked.
     */
    public List<StockOutcome> transitionAll(List<Transition> calls) {
        StockOutcome[] outcomes = new StockOutcome[calls.size()];
        List<StockCommand> commands = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        try {
            Map<String, Recorded> found = recordsFor(calls);
            for (int i = 0; i < calls.size(); i++) {
                Transition call = calls.get(i);
                Recorded recorded = found.get(call.orderId());
                if (recorded == null) {
                    outcomes[i] = StockOutcome.refused(Verdict.NOT_FOUND, call.orderId(), null);
                } else if (recorded.items().isEmpty()) { // a tombstone: released before it was ever reserved
                    outcomes[i] = switch (call.kind()) {
                        case RELEASE -> StockOutcome.of(Verdict.RELEASED, call.orderId(), "RELEASED", List.of());
                        case CONFIRM -> StockOutcome.refused(Verdict.ALREADY_RELEASED, call.orderId(), null);
                        default -> StockOutcome.refused(Verdict.NOT_SOLD, call.orderId(), null);
                    };
                } else {
                    commands.add(StockCommand.transition(call.kind(), call.orderId(), recorded.quantities()));
                    positions.add(i);
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Ledger unavailable for " + calls.size() + " stock transitions", e);
            return calls.stream().map(c -> StockOutcome.refused(Verdict.BUSY, c.orderId(), null)).toList();
        }
        List<StockOutcome> applied = submitAll(commands);
        for (int j = 0; j < applied.size(); j++) {
            outcomes[positions.get(j)] = applied.get(j);
        }
        return List.of(outcomes);
    }

    /**
     * The ledger records of the calls' orders, folded: a transition lowers the buyer's quota row,
     * which exists once the reserve is folded. A release of an order never reserved leaves a
     * tombstone, so a late reserve of that order is refused.
     */
    private Map<String, Recorded> recordsFor(List<Transition> calls) throws SQLException {
        Map<String, Recorded> found = new HashMap<>(ledger.findAll(calls.stream().map(Transition::orderId).distinct().toList()));
        for (Transition call : calls) {
            if (call.kind() == Kind.RELEASE && !found.containsKey(call.orderId())) {
                ledger.tombstone(call.orderId());
                markSeen(call.orderId()); // a late reserve of it then reads the ledger and finds the tombstone
                ledger.find(call.orderId()).ifPresent(r -> found.put(r.orderId(), r));
            }
        }
        List<Recorded> unfolded = found.values().stream().filter(r -> !r.folded()).toList();
        if (!unfolded.isEmpty()) {
            int n = ledger.foldAll(unfolded);
            if (n > 0) {
                folded.addAndGet(n);
            } else {
                // Another folder took some of them first: fold the rest one by one (false = folded already).
                for (Recorded r : unfolded) {
                    if (ledger.foldOne(r)) {
                        folded.incrementAndGet();
                    }
                }
            }
        }
        return found;
    }

    /**
     * Calls on one product queue in its lane and are all awaited together by this thread; calls
     * spanning several products then go one at a time under all their locks.
     */
    private List<StockOutcome> submitAll(List<StockCommand> commands) {
        List<StockCommand> queued = new ArrayList<>();
        for (StockCommand command : commands) {
            if (refusedWhileRebuilding(command) || command.items.size() != 1) {
                continue;
            }
            command.waiter = Thread.currentThread();
            lanes.computeIfAbsent(command.items.firstKey(), Lane::new).queue.add(command);
            queued.add(command);
        }
        awaitInLanes(queued);
        for (StockCommand command : commands) {
            if (command.items.size() > 1) {
                applyAlone(command);
            }
        }
        return commands.stream().map(StockEngine::outcome).toList();
    }

    /** Answers REBUILDING when one of the command's products is being rebuilt; true if it did. */
    private boolean refusedWhileRebuilding(StockCommand command) {
        for (Long id : command.items.keySet()) {
            if (rebuilding.contains(id)) {
                command.complete(StockOutcome.refused(Verdict.REBUILDING, command.orderId, id));
                return true;
            }
        }
        return false;
    }

    /** A call spanning several products, applied under all their locks (taken in id order). */
    private void applyAlone(StockCommand command) {
        List<Long> products = new ArrayList<>(command.items.keySet());
        while (!command.result.isDone()) {
            retry(apply(products, List.of(command)), null);
        }
    }

    /** The command's answer; BUSY when it was given up unanswered (the lane's wait ran out). */
    private static StockOutcome outcome(StockCommand command) {
        try {
            return command.result.isDone() ? command.result.get() : StockOutcome.refused(Verdict.BUSY, command.orderId, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StockOutcome.refused(Verdict.BUSY, command.orderId, null);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Stock engine failed", e.getCause());
        }
    }

    private StockOutcome submit(StockCommand command) {
        if (refusedWhileRebuilding(command)) {
            return outcome(command);
        }
        if (command.items.size() == 1) {
            Lane lane = lanes.computeIfAbsent(command.items.firstKey(), Lane::new);
            if (lane.runningShort && command.kind == Kind.RESERVE && shortOfStock(lane, command)) {
                return StockOutcome.refused(Verdict.OUT_OF_STOCK, command.orderId, lane.productId);
            }
            command.waiter = Thread.currentThread();
            lane.queue.add(command);
            awaitInLanes(List.of(command));
        } else {
            applyAlone(command);
        }
        return outcome(command);
    }

    /**
     * Waits for the commands' answers (each queued in its product's lane), taking a lane's
     * applier turn whenever it is free and calls are queued (flat combining: the callers
     * themselves do the work, no engine threads). A waiter is woken when an answer of its is in,
     * or when it is first in a queue and the turn may be free.
     */
    private void awaitInLanes(List<StockCommand> commands) {
        List<StockCommand> waiting = new ArrayList<>(commands);
        Set<Lane> used = new java.util.LinkedHashSet<>();
        waiting.forEach(c -> used.add(lanes.get(c.items.firstKey())));
        long deadline = System.nanoTime() + settings.answerTimeout().toNanos();
        while (true) {
            waiting.removeIf(c -> c.result.isDone());
            if (waiting.isEmpty()) {
                return;
            }
            boolean worked = false;
            for (Lane lane : used) {
                if (!lane.queue.isEmpty() && lane.applying.compareAndSet(false, true)) {
                    worked |= turn(lane);
                }
            }
            if (worked) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                // Give up only on calls still queued: once taken into a batch a call may be
                // written, and a 503 must never stand for a unit the ledger holds. A taken batch
                // settles (written, or put back in the queue) within its lease.
                waiting.removeIf(c -> {
                    Lane lane = lanes.get(c.items.firstKey());
                    synchronized (lane) {
                        return lane.queue.remove(c);
                    }
                });
                if (waiting.isEmpty()) {
                    return;
                }
                left = MAX_PARK_NANOS;
            }
            // Bounded: a safety net against a missed wake-up, never the way work is handed on.
            LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
        }
    }

    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Once a product runs short, a sold-out crowd is answered from the hot copy without the lock,
     * a batch or the ledger: refusing is safe on any current copy (the units were not there when
     * it was read), while a replayed order id always takes the full path to get its first answer.
     */
    private boolean shortOfStock(Lane lane, StockCommand command) {
        try {
            long available = scripts.availableForNewOrder(lane.productId, command.orderId);
            if (available < 0) {
                return false;
            }
            if (available > 0) {
                lane.runningShort = false;
            }
            return available < command.items.get(lane.productId);
        } catch (RuntimeException e) {
            return false; // the full path answers (and reports) a Redis outage
        }
    }

    private void markSeen(String orderId) {
        try {
            scripts.markSeen(orderId);
        } catch (RuntimeException e) {
            // The ledger's primary key still refuses the late reserve (a failed batch, then a retry that reads it).
            LOG.log(Level.FINE, "Could not mark order " + orderId + " as seen", e);
        }
    }

    /**
     * A product's queue of calls and the lock tenure its batches share. One caller at a time holds
     * the applier's turn (ledger reads and the Redis write of the next batch, in queue order);
     * once its batch is in Redis it hands the turn on and writes its batch to the ledger, so the
     * next batch is applied while this one's commit is in flight (InnoDB groups the commits).
     * All of them run under one lease of the product's lock and one fencing token.
     */
    private static final class Lane {
        final long productId;
        final ConcurrentLinkedQueue<StockCommand> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean applying = new AtomicBoolean();
        // Guarded by this lane's monitor.
        StockLock.Lease lease;
        /** Batches using the lease: the applier's and those whose ledger write is in flight. */
        int holders;
        /** A ledger write failed or Redis needs a rebuild: the hot copy is rebuilt before the lock goes. */
        boolean spoiled;
        /** A newer holder wrote: this lease is dead, the lock is someone else's. */
        boolean fencedOff;
        /** Order ids in Redis whose ledger write is not settled: a later batch must not decide on them yet. */
        final Set<String> unsettled = new HashSet<>();
        /** A batch found too few units: reserves ask the hot copy first (see shortOfStock). */
        volatile boolean runningShort;

        Lane(long productId) {
            this.productId = productId;
        }

        void wakeNext() {
            StockCommand next = queue.peek();
            if (next != null && next.waiter != null) {
                LockSupport.unpark(next.waiter);
            }
        }
    }

    /**
     * One applier's turn, entered holding the lane's turn. Returns false when there was nothing it
     * could do yet (the lease is being retired, or the queued calls wait on an unsettled write).
     */
    private boolean turn(Lane lane) {
        boolean turnHeld = true;
        StockLock.Lease lease = null;
        List<StockCommand> batch = List.of();
        Turn turn = null;
        try {
            lease = enter(lane);
            if (lease == null) {
                return false;
            }
            batch = take(lane);
            if (batch.isEmpty()) {
                exit(lane, null, true);
                lease = null;
                return false;
            }
            batches.incrementAndGet();
            turn = new Turn(List.of(lane.productId), Map.of(lane.productId, lease.fence()), batch);
            try (Connection c = ledger.connect()) {
                Step step = turn.applyInRedis(c);
                lane.runningShort |= turn.runningShort;
                if (step == Step.WRITE) {
                    synchronized (lane) {
                        lane.unsettled.addAll(turn.orderIds());
                    }
                    lane.applying.set(false);
                    turnHeld = false;
                    lane.wakeNext();
                    if (!turn.writeLedger(c, List.of(lease))) {
                        synchronized (lane) {
                            lane.fencedOff = true;
                        }
                        retry(turn.pending(), lane);
                    } else {
                        retry(turn.retryLater, lane);
                    }
                } else if (step == Step.FENCED) {
                    synchronized (lane) {
                        lane.fencedOff = true;
                    }
                    retry(turn.pending(), lane);
                } else if (step == Step.REBUILD) {
                    rebuildInTenure(lane, lease, turn);
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (lease == null) { // Redis is not reachable: no lock, so nothing was written
                LOG.log(Level.WARNING, "Could not take the lock of product " + lane.productId, e);
                take(lane).forEach(c -> c.complete(StockOutcome.refused(Verdict.BUSY, c.orderId, lane.productId)));
                return true;
            }
            LOG.log(Level.WARNING, "Ledger write failed; the hot copy of product " + lane.productId + " is rebuilt", e);
            synchronized (lane) {
                lane.spoiled = true;
            }
            List<StockCommand> again = new ArrayList<>();
            batch.stream().filter(c -> !c.result.isDone()).forEach(again::add);
            retry(again, lane);
        } finally {
            if (lease != null) {
                exit(lane, turn, turnHeld);
            } else if (turnHeld) {
                lane.applying.set(false);
            }
        }
        return true;
    }

    /**
     * The hot copy is not current. Alone under the lease, the applier rebuilds it at once and
     * answers its batch REBUILDING (the next call is served); with writes of this tenure still in
     * flight it must not read the ledger before they settle, so the lease's last user rebuilds.
     */
    private void rebuildInTenure(Lane lane, StockLock.Lease lease, Turn turn) {
        boolean alone;
        synchronized (lane) {
            alone = lane.holders == 1;
            if (!alone) {
                lane.spoiled = true;
            }
        }
        if (alone && !rebuildHeld(lease)) {
            synchronized (lane) {
                lane.fencedOff = true; // our token was older than the ledger's: take a fresh one
            }
            retry(turn.pending(), lane);
            return;
        }
        turn.answerRebuilding();
    }

    /** The lane's lease for one more batch, taking the lock when the lane holds none. */
    private StockLock.Lease enter(Lane lane) {
        StockLock.Lease stale;
        synchronized (lane) {
            if (lane.lease != null && usable(lane)) {
                // holders = batches being written (the applier is not counted yet): bounded, because
                // deeper pipelines only cut the batches, and so the commits, smaller
                if (lane.holders >= settings.writesInFlight()) {
                    return null; // the next write to settle wakes the queue
                }
                lane.holders++;
                return lane.lease;
            }
            if (lane.lease != null && lane.holders > 0) {
                return null; // the last batch in flight retires the lease and wakes the queue
            }
            stale = lane.lease;
            lane.lease = null;
        }
        if (stale != null) {
            retire(lane, stale);
        }
        Optional<StockLock.Lease> fresh = lock.acquire(lane.productId);
        if (fresh.isEmpty()) {
            take(lane).forEach(c -> c.complete(StockOutcome.refused(Verdict.BUSY, c.orderId, lane.productId)));
            return null;
        }
        synchronized (lane) {
            lane.lease = fresh.get();
            lane.holders = 1;
            lane.spoiled = false;
            lane.fencedOff = false;
            return lane.lease;
        }
    }

    /**
     * New batches go under a lease only in its first half, so every write of the tenure has the
     * other half to commit; a write past the lease is refused by the fence anyway.
     */
    private boolean usable(Lane lane) {
        return !lane.spoiled && !lane.fencedOff
                && System.nanoTime() < lane.lease.leaseEndsNanos() - settings.lease().toNanos() / 2;
    }

    /** The next batch in queue order: one command per order id, none whose order has a write in flight. */
    private List<StockCommand> take(Lane lane) {
        List<StockCommand> batch = new ArrayList<>();
        Set<String> orders = new HashSet<>();
        synchronized (lane) {
            StockCommand next;
            while (batch.size() < settings.maxBatch() && (next = lane.queue.peek()) != null
                    && !lane.unsettled.contains(next.batchKey()) && orders.add(next.batchKey())) {
                batch.add(lane.queue.poll());
            }
        }
        return batch;
    }

    /** A batch is done with the lease; the last one out retires it unless more work can use it. */
    private void exit(Lane lane, Turn turn, boolean turnHeld) {
        StockLock.Lease retiring = null;
        synchronized (lane) {
            lane.holders--;
            if (turn != null) {
                turn.orderIds().forEach(lane.unsettled::remove);
            }
            if (lane.holders == 0 && (lane.queue.isEmpty() || !usable(lane))) {
                retiring = lane.lease;
                lane.lease = null;
            }
        }
        if (retiring != null) {
            retire(lane, retiring);
        }
        if (turnHeld) {
            lane.applying.set(false);
        }
        lane.wakeNext();
    }

    /** Gives the lock back; a spoiled hot copy is first rebuilt from the ledger, still under it. */
    private void retire(Lane lane, StockLock.Lease lease) {
        boolean spoiled;
        boolean fencedOff;
        synchronized (lane) {
            spoiled = lane.spoiled;
            fencedOff = lane.fencedOff;
            lane.spoiled = false;
            lane.fencedOff = false;
        }
        if (spoiled && !fencedOff) {
            rebuildHeld(lease);
        }
        try {
            lock.release(lease, !spoiled && !fencedOff);
        } catch (RuntimeException e) {
            // The lease runs out by itself; the dirty mark (if any) makes the next holder rebuild.
            LOG.log(Level.WARNING, "Could not release the lock of product " + lease.productId(), e);
        }
    }

    private void retry(List<StockCommand> again, Lane lane) {
        for (StockCommand command : again) {
            if (command.result.isDone()) {
                continue;
            }
            if (++command.attempts >= settings.maxAttempts()) {
                command.complete(StockOutcome.refused(Verdict.BUSY, command.orderId, null));
            } else if (lane != null) {
                lane.queue.add(command);
            }
        }
    }

    /** Where a batch stands after its Redis step. */
    private enum Step {
        /** Nothing to write: every command was answered from the ledger's records. */
        ANSWERED,
        /** In Redis; the ledger write follows. */
        WRITE,
        /** A newer fencing token wrote the counters: again under a fresh lock. */
        FENCED,
        /** The hot copy is not current (Redis lost it, or an unconfirmed write of another holder). */
        REBUILD
    }

    // ---- one holder's turn --------------------------------------------------------------------

    /** Applies a batch under the products' locks; returns the commands to try again. */
    private List<StockCommand> apply(List<Long> products, List<StockCommand> batch) {
        List<StockLock.Lease> leases = new ArrayList<>(products.size());
        boolean committed = false;
        try {
            for (Long id : products) {
                Optional<StockLock.Lease> lease = lock.acquire(id);
                if (lease.isEmpty()) {
                    batch.forEach(c -> c.complete(StockOutcome.refused(Verdict.BUSY, c.orderId, id)));
                    return List.of();
                }
                leases.add(lease.get());
            }
            batches.incrementAndGet();
            Map<Long, Long> fences = new LinkedHashMap<>();
            leases.forEach(l -> fences.put(l.productId(), l.fence()));
            // Auto-commit stays on: the ledger write opens and commits its transaction itself, in
            // the same round trip as its statements (StockLedger.write), so no toggling round trips.
            try (Connection c = ledger.connect()) {
                Turn turn = new Turn(products, fences, batch);
                List<StockCommand> again = turn.run(c, leases);
                committed = turn.committed;
                return again;
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Ledger write failed; rebuilding the hot copy of " + products, e);
            for (StockLock.Lease lease : leases) {
                rebuildHeld(lease);
            }
            List<StockCommand> again = new ArrayList<>();
            batch.stream().filter(c -> !c.result.isDone()).forEach(again::add);
            return again;
        } finally {
            for (StockLock.Lease lease : leases) {
                try {
                    lock.release(lease, committed);
                } catch (RuntimeException e) {
                    // The lease runs out by itself; the dirty mark (if any) makes the next holder rebuild.
                    LOG.log(Level.WARNING, "Could not release the lock of product " + lease.productId(), e);
                }
            }
        }
    }

    /** The work of one holder on one batch. */
    private final class Turn {
        final List<Long> products;
        final Map<Long, Long> fences;
        final List<StockCommand> batch;
        final Map<Long, Integer> index = new HashMap<>();
        final List<StockCommand> scripted = new ArrayList<>();
        final List<StockScripts.Line> lines = new ArrayList<>();
        final Map<StockCommand, Recorded> known = new HashMap<>();
        final Changes changes = new Changes();
        final List<Runnable> answers = new ArrayList<>();
        /** Reserves refused as not open under cached terms (and the product): answered once the script confirms the version. */
        final Map<StockCommand, Long> notOpen = new LinkedHashMap<>();
        /** Calls to queue again after this turn (a replay whose first write failed). */
        final List<StockCommand> retryLater = new ArrayList<>();
        Long refusedAt;
        boolean committed;
        /** A reserve found too few units. */
        boolean runningShort;

        Turn(List<Long> products, Map<Long, Long> fences, List<StockCommand> batch) {
            this.products = products;
            this.fences = fences;
            this.batch = batch;
            for (int i = 0; i < products.size(); i++) {
                index.put(products.get(i), i + 1);
            }
        }

        /** The whole turn at once, for a call spanning several products (no other batch in flight). */
        List<StockCommand> run(Connection c, List<StockLock.Lease> leases) throws SQLException {
            switch (applyInRedis(c)) {
                case ANSWERED:
                    return List.of();
                case FENCED:
                    return pending();
                case REBUILD:
                    boolean done = true;
                    for (StockLock.Lease lease : leases) {
                        done &= rebuildHeld(lease);
                    }
                    if (!done) {
                        return pending(); // our token was older than the ledger's: take a fresh one
                    }
                    answerRebuilding();
                    return List.of();
                default:
                    return writeLedger(c, leases) ? retryLater : pending();
            }
        }

        /**
         * Decides the batch under the cached terms and applies it to the hot counters. The ledger
         * is read only for what needs its record: transitions, reserves tried before, and order ids
         * the hot copy has seen (replays). A batch decided under terms that changed meanwhile is
         * decided again under the new ones.
         */
        Step applyInRedis(Connection c) throws SQLException {
            Map<String, Recorded> recorded = records(c, batch.stream()
                    .filter(b -> b.kind != Kind.RESERVE && b.kind != Kind.ADD || b.attempts > 0).toList());
            for (int round = 0; ; round++) {
                Map<Long, TermsBook.Entry> entries = terms.entries(c, products);
                Map<Long, Integer> limits = new HashMap<>();
                Map<Long, String> versions = new HashMap<>();
                entries.forEach((id, e) -> {
                    limits.put(id, e.terms().reservation() ? e.terms().perUserLimit() : 0);
                    versions.put(id, e.version());
                });
                scripted.clear();
                lines.clear();
                known.clear();
                notOpen.clear();
                for (StockCommand command : batch) {
                    if (!command.result.isDone()) {
                        decide(command, command.orderId == null ? null : recorded.get(command.orderId), entries);
                    }
                }
                if (scripted.isEmpty() && notOpen.isEmpty()) {
                    return Step.ANSWERED;
                }
                long started = System.nanoTime();
                StockScripts.Applied applied = scripts.apply(products, fences, limits, versions, lines);
                applyNanos.add(System.nanoTime() - started);
                applies.increment();
                appliedLines.add(lines.size());
                if ("TERMS".equals(applied.refusal())) {
                    terms.forget(products.get(applied.productIndex() - 1));
                    if (round < 3) {
                        continue;
                    }
                    return Step.FENCED; // terms changing faster than a batch: again under a fresh lock
                }
                if ("REBUILD".equals(applied.refusal())) {
                    refusedAt = products.get(applied.productIndex() - 1);
                    return Step.REBUILD;
                }
                if ("FENCED".equals(applied.refusal())) {
                    fencedWrites.incrementAndGet();
                    return Step.FENCED;
                }
                // Refusals made under the cached terms stand: the script just confirmed their version.
                notOpen.forEach((command, id) -> command.complete(StockOutcome.refused(Verdict.SALE_NOT_OPEN, command.orderId, id)));
                if (scripted.isEmpty()) {
                    return Step.ANSWERED;
                }
                List<StockCommand> seen = new ArrayList<>();
                for (int i = 0; i < scripted.size(); i++) {
                    StockCommand command = scripted.get(i);
                    String verdict = applied.verdicts().get(i);
                    if ("SEEN".equals(verdict)) {
                        seen.add(command);
                    } else {
                        record(command, verdict, entries, changes, answers);
                    }
                }
                answerReplays(c, seen);
                return Step.WRITE;
            }
        }

        /** The ledger's records of these commands' order ids (none read when there are none). */
        private Map<String, Recorded> records(Connection c, List<StockCommand> needed) throws SQLException {
            List<String> ids = needed.stream().map(b -> b.orderId).filter(java.util.Objects::nonNull).toList();
            return ids.isEmpty() ? Map.of() : ledger.load(c, ids);
        }

        /**
         * Replays the hot copy recognised: their first write has settled (a batch never takes an
         * order id whose write is in flight), so the ledger's record is their answer. No record
         * means that write failed and left a stale mark: the call goes again, reading the ledger.
         */
        private void answerReplays(Connection c, List<StockCommand> seen) throws SQLException {
            if (seen.isEmpty()) {
                return;
            }
            Map<String, Recorded> found = records(c, seen);
            List<StockCommand> again = new ArrayList<>();
            for (StockCommand command : seen) {
                Recorded r = found.get(command.orderId);
                if (r != null) {
                    command.complete(replay(r));
                } else {
                    again.add(command);
                }
            }
            retryLater.addAll(again);
        }

        /** The fenced ledger write and commit; answers the callers once it is durable. False: fenced off. */
        boolean writeLedger(Connection c, List<StockLock.Lease> leases) throws SQLException {
            hook.beforeLedgerWrite(leases);
            long started = System.nanoTime();
            boolean written = ledger.write(c, fences, changes);
            writeNanos.add(System.nanoTime() - started);
            writes.increment();
            if (!written) {
                fencedWrites.incrementAndGet();
                LOG.info(() -> "Ledger refused a write fenced by " + fences + ": a newer lock holder wrote first");
                return false;
            }
            committed = true; // write() returned: the commit is durable
            answers.forEach(Runnable::run);
            return true;
        }

        void answerRebuilding() {
            pending().forEach(s -> s.complete(StockOutcome.refused(Verdict.REBUILDING, s.orderId, refusedAt)));
        }

        /** The calls of this turn still unanswered: what goes again when the turn cannot finish. */
        List<StockCommand> pending() {
            List<StockCommand> open = new ArrayList<>();
            scripted.stream().filter(c -> !c.result.isDone()).forEach(open::add);
            notOpen.keySet().stream().filter(c -> !c.result.isDone()).forEach(open::add);
            return open;
        }

        /** Order ids this batch writes, kept out of later batches until its write is settled. */
        List<String> orderIds() {
            return scripted.stream().map(s -> s.orderId).filter(java.util.Objects::nonNull).toList();
        }

        /** Answers what the ledger already knows; queues the rest for the script. */
        private void decide(StockCommand command, Recorded recorded, Map<Long, TermsBook.Entry> entries) {
            switch (command.kind) {
                case RESERVE -> {
                    if (recorded != null) {
                        command.complete(replay(recorded));
                        return;
                    }
                    for (Long id : command.items.keySet()) {
                        TermsBook.Entry e = entries.get(id);
                        if (e == null) { // never cached: the ledger has just said there is no such product
                            command.complete(StockOutcome.refused(Verdict.NOT_FOUND, command.orderId, id));
                            return;
                        }
                        Terms t = e.terms();
                        if (t.reservation() && t.opensAt() != null && clock.instant().isBefore(t.opensAt())) {
                            notOpen.put(command, id);
                            return;
                        }
                    }
                    // Tried before: the ledger was read and holds nothing, so a seen mark is stale.
                    script(command, command.attempts > 0 ? 'r' : 'R', command.userId, command.orderId);
                }
                case ADD -> {
                    if (entries.get(command.items.firstKey()) == null) {
                        command.complete(StockOutcome.refused(Verdict.NOT_FOUND, null, command.items.firstKey()));
                        return;
                    }
                    script(command, 'A', null, null);
                }
                case CONFIRM -> {
                    switch (recorded.state()) {
                        case "RESERVED" -> {
                            known.put(command, recorded);
                            script(command, 'C', recorded.userId(), null);
                        }
                        case "RELEASED" -> command.complete(StockOutcome.refused(Verdict.ALREADY_RELEASED, command.orderId, null));
                        default -> command.complete(StockOutcome.of(Verdict.SOLD, command.orderId, "SOLD", recorded.items()));
                    }
                }
                case RELEASE -> {
                    switch (recorded.state()) {
                        case "RESERVED" -> {
                            known.put(command, recorded);
                            script(command, 'L', recorded.userId(), null);
                        }
                        case "RELEASED" -> command.complete(StockOutcome.of(Verdict.RELEASED, command.orderId, "RELEASED", recorded.items()));
                        default -> command.complete(StockOutcome.refused(Verdict.ALREADY_SOLD, command.orderId, null));
                    }
                }
                case RESTOCK -> {
                    switch (recorded.state()) {
                        case "SOLD" -> {
                            known.put(command, recorded);
                            script(command, 'S', recorded.userId(), null);
                        }
                        case "RESTOCKED" -> command.complete(StockOutcome.of(Verdict.RESTOCKED, command.orderId, "RESTOCKED", recorded.items()));
                        default -> command.complete(StockOutcome.refused(Verdict.NOT_SOLD, command.orderId, null));
                    }
                }
            }
        }

        private void script(StockCommand command, char kind, String userId, String orderId) {
            int[][] items = new int[command.items.size()][];
            int j = 0;
            for (Map.Entry<Long, Integer> item : command.items.entrySet()) {
                items[j++] = new int[] {index.get(item.getKey()), item.getValue()};
            }
            scripted.add(command);
            lines.add(new StockScripts.Line(kind, userId, orderId, items));
        }

        /** Turns the script's verdict into ledger changes and the answer sent after the commit. */
        private void record(StockCommand command, String verdict, Map<Long, TermsBook.Entry> entries, Changes changes,
                            List<Runnable> answers) {
            if (!"OK".equals(verdict)) {
                Long product = products.get(Integer.parseInt(verdict.substring(verdict.indexOf(':') + 1)) - 1);
                Verdict refusal = verdict.startsWith("OUT") ? Verdict.OUT_OF_STOCK : Verdict.PURCHASE_LIMIT;
                runningShort |= refusal == Verdict.OUT_OF_STOCK;
                answers.add(() -> command.complete(StockOutcome.refused(refusal, command.orderId, product)));
                return;
            }
            SortedMap<Long, Integer> items = command.items;
            switch (command.kind) {
                case RESERVE -> {
                    List<ReservedItem> lines = new ArrayList<>(items.size());
                    items.forEach((id, q) -> {
                        Terms t = entries.get(id).terms();
                        lines.add(new ReservedItem(id, t.name(), t.price(), q));
                        changes.stock(id, 0, -q, q, 0);
                        // the buyer's quota row follows when the reservation is folded
                    });
                    changes.created.add(new Recorded(command.orderId, command.userId, "RESERVED", lines, false));
                    answers.add(() -> command.complete(StockOutcome.of(Verdict.RESERVED, command.orderId, "RESERVED", lines)));
                }
                case ADD -> {
                    items.forEach((id, q) -> changes.stock(id, q, q, 0, 0));
                    answers.add(() -> command.complete(StockOutcome.of(Verdict.ADDED, null, null, List.of())));
                }
                case CONFIRM -> {
                    Recorded r = known.get(command);
                    items.forEach((id, q) -> changes.stock(id, 0, 0, -q, q));
                    changes.transitions.add(new String[] {command.orderId, "RESERVED", "SOLD"});
                    answers.add(() -> command.complete(StockOutcome.of(Verdict.SOLD, command.orderId, "SOLD", r.items())));
                }
                case RELEASE -> {
                    Recorded r = known.get(command);
                    items.forEach((id, q) -> {
                        changes.stock(id, 0, q, -q, 0);
                        changes.buyer(id, r.userId(), -q);
                    });
                    changes.transitions.add(new String[] {command.orderId, "RESERVED", "RELEASED"});
                    answers.add(() -> command.complete(StockOutcome.of(Verdict.RELEASED, command.orderId, "RELEASED", r.items())));
                }
                case RESTOCK -> {
                    Recorded r = known.get(command);
                    items.forEach((id, q) -> {
                        changes.stock(id, 0, q, 0, -q);
                        changes.buyer(id, r.userId(), -q);
                    });
                    changes.transitions.add(new String[] {command.orderId, "SOLD", "RESTOCKED"});
                    answers.add(() -> command.complete(StockOutcome.of(Verdict.RESTOCKED, command.orderId, "RESTOCKED", r.items())));
                }
            }
        }
    }

    private static StockOutcome replay(Recorded recorded) {
        if ("RELEASED".equals(recorded.state())) {
            return StockOutcome.refused(Verdict.ALREADY_RELEASED, recorded.orderId(), null);
        }
        return StockOutcome.of(Verdict.RESERVED, recorded.orderId(), recorded.state(), recorded.items());
    }

    // ---- rebuilding the hot copy from the ledger ---------------------------------------------

    /**
     * Rebuilds a product's hot counters from the ledger under its lock. While it runs, calls on
     * the product are answered REBUILDING. Returns false if the lock or the ledger was not to be had.
     */
    public boolean rebuild(long productId) {
        rebuilding.add(productId);
        try {
            for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
                Optional<StockLock.Lease> lease = lock.acquire(productId);
                if (lease.isEmpty()) {
                    continue;
                }
                boolean done = false;
                try {
                    done = rebuildHeld(lease.get());
                } finally {
                    lock.release(lease.get(), false);
                }
                if (done) {
                    return true;
                }
            }
            return false;
        } finally {
            rebuilding.remove(productId);
        }
    }

    /** Rebuild while holding the lock; false when the ledger's fence is ahead of our token. */
    private boolean rebuildHeld(StockLock.Lease lease) {
        try {
            Snapshot snapshot = ledger.snapshot(lease.productId(), lease.fence(), scripts.replayWindow());
            if (snapshot.fencedOff()) {
                // Redis lost the fencing counter with the rest: never hand out a token the ledger has seen.
                lock.raiseFence(lease.productId(), snapshot.ledgerFence());
                return snapshot.ledgerFence() < 0; // no such product: nothing to rebuild
            }
            scripts.install(lease.productId(), snapshot.counters(), snapshot.buyers(), snapshot.orderIds(), lease.fence());
            // If Redis lost the fencing counter with the rest, the next token must still beat the one
            // just installed, or every later holder would be refused as FENCED until it caught up.
            lock.raiseFence(lease.productId(), lease.fence());
            rebuilds.incrementAndGet();
            LOG.info(() -> "Rebuilt the hot stock of product " + lease.productId() + " from the ledger: " + snapshot.counters());
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not rebuild the hot stock of product " + lease.productId(), e);
            return false;
        }
    }

    /** Marks products as rebuilding before a background rebuild starts (e.g. at startup). */
    public void markRebuilding(List<Long> productIds) {
        rebuilding.addAll(productIds);
    }

    public boolean isRebuilding(long productId) {
        return rebuilding.contains(productId);
    }
}
