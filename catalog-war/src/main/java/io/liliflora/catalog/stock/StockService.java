package io.liliflora.catalog.stock;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.redis.RedisKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/** The stock engine of this server, wired from config, and its outcomes as HTTP answers. */
@ApplicationScoped
public class StockService {

    /** What the ledger says of a product's units. */
    public record Ledger(long total, long available, long reserved, long sold) {
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisKeys redisKeys;

    @Inject
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.lock.lease", defaultValue = "PT2S")
    Duration lease;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.lock.wait", defaultValue = "PT1S")
    Duration lockWait;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.max-batch", defaultValue = "512")
    int maxBatch;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.answer-timeout", defaultValue = "PT5S")
    Duration answerTimeout;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.writes-in-flight", defaultValue = "2")
    int writesInFlight;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.terms-max-age", defaultValue = "PT5S")
    Duration termsMaxAge;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.replay-window", defaultValue = "PT24H")
    Duration replayWindow;

    private StockEngine engine;

    @PostConstruct
    void wire() {
        StockKeys keys = new StockKeys(redisKeys.key(""));
        engine = new StockEngine(new StockLock(redis, keys, lease, lockWait), new StockScripts(redis, keys, replayWindow),
                new StockLedger(dataSource), new StockEngine.Settings(lease, lockWait, maxBatch, answerTimeout, 4,
                        Math.max(1, writesInFlight), termsMaxAge),
                Clock.systemUTC());
    }

    public StockEngine engine() {
        return engine;
    }

    public StockOutcome reserve(String orderId, String userId, Map<Long, Integer> items) {
        return answer(engine.reserve(orderId, userId, items));
    }

    /** One answer of a batch: the outcome when durable, else the problem the single call would have thrown. */
    public record Answered(StockOutcome outcome, ProblemException refusal) {
    }

    /** Many reserves through the engine at once (see StockEngine#reserveAll), answered one by one. */
    public List<Answered> reserveAll(List<StockCommand> reserves) {
        return engine.reserveAll(reserves).stream().map(StockService::answered).toList();
    }

    /** Many confirms, releases and restocks at once (see StockEngine#transitionAll), answered one by one. */
    public List<Answered> transitionAll(List<StockEngine.Transition> calls) {
        return engine.transitionAll(calls).stream().map(StockService::answered).toList();
    }

    private static Answered answered(StockOutcome outcome) {
        try {
            return new Answered(answer(outcome), null);
        } catch (ProblemException refusal) {
            return new Answered(null, refusal);
        }
    }

    public StockOutcome confirm(String orderId) {
        return answer(engine.confirm(orderId));
    }

    public StockOutcome release(String orderId) {
        return answer(engine.release(orderId));
    }

    public StockOutcome restock(String orderId) {
        return answer(engine.restock(orderId));
    }

    public StockOutcome add(long productId, int units) {
        return answer(engine.add(productId, units));
    }

    public Optional<Ledger> ledger(long productId) {
        try {
            return engine.ledger().counters(productId)
                    .map(c -> new Ledger(c.total(), c.available(), c.reserved(), c.sold()));
        } catch (SQLException e) {
            throw ProblemException.unavailable("The stock ledger is not reachable", RETRY_AFTER);
        }
    }

    /** A durable outcome as is; any refusal as the problem the internal API documents. */
    private static StockOutcome answer(StockOutcome outcome) {
        String product = outcome.productId() == null ? "" : " (product " + outcome.productId() + ")";
        return switch (outcome.verdict()) {
            case RESERVED, SOLD, RELEASED, RESTOCKED, ADDED -> outcome;
            case NOT_FOUND -> throw ProblemException.notFound(outcome.orderId() != null && outcome.productId() == null
                    ? "No reservation for order " + outcome.orderId() : "No product" + product);
            case OUT_OF_STOCK -> throw ProblemException.conflict("out-of-stock", "Not enough stock left" + product);
            case SALE_NOT_OPEN -> throw ProblemException.conflict("sale-not-open", "The sale has not opened yet" + product);
            case PURCHASE_LIMIT -> throw new ProblemException(422, "purchase-limit", "Purchase limit reached",
                    "This would take the buyer past the per-user limit" + product);
            case ALREADY_RELEASED -> throw ProblemException.conflict("reservation-released",
                    "The reservation of order " + outcome.orderId() + " was already released");
            case ALREADY_SOLD -> throw ProblemException.conflict("reservation-sold",
                    "The reservation of order " + outcome.orderId() + " is sold: restock it instead");
            case NOT_SOLD -> throw ProblemException.conflict("reservation-not-sold",
                    "The reservation of order " + outcome.orderId() + " was never sold");
            case REBUILDING -> throw new ProblemException(new Problem("stock-rebuilding", "Stock is being rebuilt", 503,
                    "The live stock" + product + " is being rebuilt from the ledger; try again shortly"), RETRY_AFTER);
            case BUSY -> throw new ProblemException(new Problem("stock-busy", "Stock is busy", 503,
                    "The stock" + product + " could not be updated in time; try again shortly"), RETRY_AFTER);
        };
    }
}
