package io.liliflora.order;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The automatic steps of the status machine as EJB persistent timers. They are stored in the
 * order database (server.xml's timerService), so a step due while the server is down runs once
 * after the restart, and several servers sharing the database run it once between them. A timer
 * is created in the transaction of the step before it, so it exists if and only if that step
 * committed.
 */
@Stateless
public class OrderTimers {

    private static final Logger LOG = Logger.getLogger(OrderTimers.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    OrderBook book;

    /** Asks for {@code to} once {@code after} has passed, if the order is then still {@code from}. */
    public void schedule(String orderId, OrderStatus from, OrderStatus to, Duration after) {
        long millis = Math.max(1, after.toMillis());
        timerService.createSingleActionTimer(millis, new TimerConfig(new StepDue(orderId, from, to).encode(), true));
    }

    @Timeout
    public void due(Timer timer) {
        StepDue step = StepDue.decode((String) timer.getInfo());
        boolean applied = book.advance(step.orderId(), step.from(), step.to());
        LOG.fine(() -> "Timer " + step + (applied ? " applied" : " no longer applies"));
    }
}
