package io.liliflora.catalog.stock;

import io.liliflora.catalog.stock.StockLedger.Terms;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terms a batch is decided under (price and name snapshot, drop opening, per-user limit),
 * kept per product so a batch needs no ledger read. Each entry carries the terms version of the
 * hot copy it was read against; the apply script refuses a batch decided under another version
 * (a PATCH on any server, or a rebuild), and the entry is read again. Entries also age out, so a
 * version announcement lost to a Redis outage cannot keep old terms alive for long.
 */
final class TermsBook {

    /** Terms as read, and the hot copy's terms version read just before them. */
    record Entry(Terms terms, String version, long readNanos) {
    }

    private final StockLedger ledger;
    private final StockScripts scripts;
    private final long maxAgeNanos;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    TermsBook(StockLedger ledger, StockScripts scripts, java.time.Duration maxAge) {
        this.ledger = ledger;
        this.scripts = scripts;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The products' entries; products the ledger does not know are left out (never cached). */
    Map<Long, Entry> entries(Connection c, List<Long> productIds) throws SQLException {
        Map<Long, Entry> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        long now = System.nanoTime();
        for (Long id : productIds) {
            Entry e = entries.get(id);
            if (e != null && now - e.readNanos() < maxAgeNanos) {
                found.put(id, e);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            // The version first: terms read after it are at least as new as it says.
            Map<Long, String> versions = new HashMap<>();
            missing.forEach(id -> versions.put(id, scripts.termsVersion(id)));
            ledger.read(c, List.of(), missing).terms().forEach((id, terms) -> {
                Entry e = new Entry(terms, versions.get(id), now);
                entries.put(id, e);
                found.put(id, e);
            });
        }
        return found;
    }

    /** This entry is out of date: the next batch reads the product's terms again. */
    void forget(long productId) {
        entries.remove(productId);
    }
}
