package io.liliflora.catalog.sample;

import io.liliflora.catalog.product.ProductCatalog;
import io.liliflora.catalog.product.ProductDraft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A small shop for the Quick start: a few NORMAL products and one RESERVATION drop opening a few
 * minutes after the first start. Off by default; loaded once (each product has a sample key, so a
 * restart or a second server adds nothing).
 */
@ApplicationScoped
public class SampleData {

    private static final Logger LOG = Logger.getLogger(SampleData.class.getName());

    @Inject
    ProductCatalog catalog;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.sample-data", defaultValue = "false")
    boolean wanted;

    @Inject
    @ConfigProperty(name = "liliflora.catalog.sample-data.drop-opens-after", defaultValue = "PT3M")
    Duration dropOpensAfter;

    public void loadIfWanted() {
        if (!wanted) {
            return;
        }
        Instant opens = Clock.systemUTC().instant().plus(dropOpensAfter).truncatedTo(ChronoUnit.SECONDS);
        int added = 0;
        added += add("rose-bouquet", normal("Red rose bouquet", "Twelve long-stem red roses, hand-tied.", "bouquet", 39_000, 50));
        added += add("tulip-bunch", normal("Spring tulip bunch", "Twenty mixed tulips, wrapped in kraft paper.", "bouquet", 25_000, 80));
        added += add("monstera", normal("Monstera deliciosa", "A 40 cm monstera in a ceramic pot.", "plant", 32_000, 30));
        added += add("lavender-pot", normal("Lavender pot", "Fragrant English lavender, 15 cm pot.", "plant", 12_000, 120));
        added += add("dried-wreath", normal("Dried flower wreath", "Eucalyptus and statice on a 30 cm ring.", "dried", 45_000, 20));
        added += add("drop-peony", new ProductDraft("Limited coral peony box",
                "The season's first coral charm peonies, 100 boxes only, 2 per customer.", "bouquet", 59_000L,
                "RESERVATION", opens, 2, 100L));
        if (added > 0) {
            int count = added;
            LOG.info(() -> "Loaded " + count + " sample product(s); the sample drop opens at " + opens);
        }
    }

    private int add(String key, ProductDraft draft) {
        return catalog.create(draft, "sample:" + key).isPresent() ? 1 : 0;
    }

    private static ProductDraft normal(String name, String description, String category, long price, long stock) {
        return new ProductDraft(name, description, category, price, "NORMAL", null, null, stock);
    }
}
