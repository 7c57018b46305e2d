package io.liliflora.catalog.stock;

import io.liliflora.catalog.product.ProductCatalog;
import io.liliflora.catalog.sample.SampleData;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * At start (after the schema migration): loads the sample data when asked to, then, if Redis has
 * no current generation of the hot stock (first start, or Redis lost it while we were down),
 * rebuilds every product from the ledger in the background; calls on a product not yet rebuilt
 * are answered 503 stock-rebuilding. Then folds written reservations into the derived tables
 * on a schedule (see {@link ReservationFolder}).
 */
@ApplicationScoped
public class StockStartup {

    private static final Logger LOG = Logger.getLogger(StockStartup.class.getName());

    @Inject
    StockService stock;

    @Inject
    ProductCatalog catalog;

    @Inject
    SampleData sampleData;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.fold-interval", defaultValue = "PT0.5S")
    Duration foldInterval;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.stock.fold-max-delay", defaultValue = "PT5S")
    Duration foldMaxDelay;

    void onStart(@Observes @Priority(10) @Initialized(ApplicationScoped.class) Object ignored) {
        StockEngine engine = stock.engine();
        boolean current;
        try {
            // Asked before the sample data is loaded: creating a product stamps a fresh generation.
            current = engine.scripts().generationPresent();
        } catch (RuntimeException redisDown) {
            LOG.warning("Redis is not reachable at start; stock is rebuilt on first use: " + redisDown);
            current = true;
        }
        sampleData.loadIfWanted();
        long every = Math.max(50, foldInterval.toMillis());
        scheduler.scheduleWithFixedDelay(new ReservationFolder(engine, foldInterval, foldMaxDelay), every, every,
                TimeUnit.MILLISECONDS);
        if (current) {
            return;
        }
        List<Long> ids = catalog.ids();
        LOG.info(() -> "No hot stock generation in Redis: rebuilding " + ids.size() + " product(s) from the ledger");
        engine.markRebuilding(ids);
        executor.execute(() -> ids.forEach(engine::rebuild));
    }
}
