package io.liliflora.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Writes one run as a markdown summary and a self-contained HTML page with SVG charts. */
public final class Report {

    /** Everything one run measured. */
    public record Run(String title, Map<String, String> facts, Map<String, String> loads, HotDrop.Result drop,
                      Sweep.Result reads, Sweep.Result soldOut, Sweep.Result orders, StockEngineBench.Result stock,
                      List<double[]> rss, double maxRssMib, ServerWatch.Start start, Goals goals,
                      List<String> notes) {
    }

    private static final String GREEN = "#2a9d3f";
    private static final String RED = "#d1495b";
    private static final String BLUE = "#1f6fb2";
    private static final String GREY = "#888888";

    public static void write(Run run, Path markdown, Path html) throws IOException {
        Files.createDirectories(markdown.getParent());
        Files.writeString(markdown, markdown(run, html.getFileName().toString()));
        Files.writeString(html, html(run));
    }

    public static void write(Comparison comparison, Path markdown, Path html) throws IOException {
        Files.createDirectories(markdown.getParent());
        Files.writeString(markdown, markdown(comparison, html.getFileName().toString()));
        Files.writeString(html, html(comparison));
    }

    static String title(Comparison c) {
        return "Drop benchmark, " + c.baseline().facts().getOrDefault("shop", "baseline") + " vs "
                + c.current().facts().getOrDefault("shop", "current") + ", "
                + c.current().facts().getOrDefault("date", "").replaceFirst("T(\\d\\d:\\d\\d).*", " $1 UTC");
    }

    private static final String BOTH = "Both shops were built and started the README's way by `scripts/drop-bench "
            + "--baseline`, one after the other (the baseline first), each on its own port, schemas and Redis database, "
            + "fresh at its start; the same scenarios and load ran against each. Ratios are current / baseline.";

    static String markdown(Comparison c, String htmlName) {
        StringBuilder m = new StringBuilder();
        m.append("# ").append(title(c)).append("\n\n");
        m.append("Charts: [").append(htmlName).append("](").append(htmlName).append(") (open in a browser).\n\n");
        m.append(BOTH).append("\n\n## Side by side\n\n| figure | baseline | current | current / baseline | goal | |\n"
                + "|---|---:|---:|---:|---|---|\n");
        for (Comparison.Row r : c.rows()) {
            m.append("| ").append(r.metric()).append(" | ").append(r.baseline()).append(" | ").append(r.current())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.goal()).append(" | ")
                    .append(r.met() == null ? "" : r.met() ? "met" : "**missed**").append(" |\n");
        }
        AnswerCosts.markdown(c, m);
        m.append("\n").append(shifted(markdown(c.current(), htmlName)));
        m.append("\n").append(shifted(markdown(c.baseline(), htmlName)));
        return m.toString();
    }

    /** A run's summary one heading level down, to sit under a comparison's title. */
    private static String shifted(String markdown) {
        return markdown.replaceAll("(?m)^#", "##");
    }

    static String markdown(Run run, String htmlName) {
        StringBuilder m = new StringBuilder();
        m.append("# ").append(run.title()).append("\n\n");
        m.append("Charts: [").append(htmlName).append("](").append(htmlName).append(") (open in a browser).\n\n");
        m.append("## Machine and versions\n\n| | |\n|---|---|\n");
        run.facts().forEach((k, v) -> m.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        m.append("\nLoad average (1 / 5 / 15 min; 2 cores, shared with other builds):\n\n| when | load |\n|---|---|\n");
        run.loads().forEach((k, v) -> m.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        m.append("\n## Goals\n\n| goal | wanted | got | |\n|---|---|---|---|\n");
        for (Goals.Goal g : run.goals().all()) {
            m.append("| ").append(g.name()).append(" | ").append(g.wanted()).append(" | ").append(g.got()).append(" | ")
                    .append(g.met() ? "met" : "**missed**").append(" |\n");
        }
        dropFloor(run).ifPresent(f -> m.append("\n").append(f).append("\n"));
        HotDrop.Result d = run.drop();
        if (d != null) {
            m.append("\n## 1. Hot drop\n\n");
            m.append(String.format(Locale.ROOT, "%,d buyers, %,d units, per-user limit 1, all at `opensAt` (product %d). "
                    + "1 in 10 buyers double-clicks (same Idempotency-Key twice at once), 1 in 20 tries a second order "
                    + "under another key. Every other buyer pays at once; the other orders expire.%n%n", d.buyers(), d.units(), d.productId()));
            m.append("| figure | value |\n|---|---:|\n");
            row(m, "time to sell out (first request to last 201)", String.format(Locale.ROOT, "%.0f ms", d.sellOutMs()));
            row(m, "reservations/s (orders created / time to sell out)", String.format(Locale.ROOT, "%,.0f", d.reservationsPerSecond()));
            row(m, "201 answers (incl. idempotent replays) / distinct orders", d.created() + " / " + d.distinctOrders());
            row(m, "201 p50 / p95 / p99", pcts(d.outcomes(), "201"));
            row(m, "409 out-of-stock p50 / p95 / p99", pcts(d.outcomes(), "409 out-of-stock"));
            row(m, "201 from the opening (`opensAt`) p50 / p99", String.format(Locale.ROOT, "%.0f / %.0f ms",
                    d.fromOpeningMs("201", 50), d.fromOpeningMs("201", 99)));
            row(m, "order attempts answered later than 2 s after the opening / last answer", String.format(Locale.ROOT,
                    "%,d of %,d / %.0f ms", d.answeredLaterThan(2000), d.answers(), d.lastAnswerMs()));
            row(m, "buyer retries after sale-not-open", String.valueOf(d.notOpenRetries()));
            row(m, "orders paid (answered 200 / PAID in the order schema)", d.paid() + " / " + d.paidInDb());
            row(m, "live orders (pending or paid) right after the drop", String.valueOf(d.liveAfterDrop()));
            row(m, "ledger after the drop (total/available/reserved/sold)", ledger(d.afterDrop()));
            row(m, "ledger after the unpaid orders expired", ledger(d.afterExpiry()) + String.format(Locale.ROOT,
                    " (waited %.0f s)", d.expiryWait().toMillis() / 1000.0));
            row(m, "**oversold**", String.valueOf(d.oversold()));
            row(m, "**undersold**", String.valueOf(d.undersold()));
            row(m, "**duplicate orders**", String.valueOf(d.duplicates()));
            row(m, "**server errors (5xx, transport)**", String.valueOf(d.serverErrors()));
            m.append("\nEvery answer: ").append(d.outcomes().counts()).append("\n");
        }
        for (Sweep.Result s : new Sweep.Result[] {run.reads(), run.orders(), run.soldOut()}) {
            if (s == null) {
                continue;
            }
            m.append("\n## ").append(s.name()).append("\n\n");
            boolean ratio = s != run.reads() && run.reads() != null;
            m.append("| concurrency | ").append(s.expected()).append(" /s | p50 ms | p95 ms | p99 ms |")
                    .append(ratio ? " / reads at this level |" : "").append(" other answers |\n");
            m.append("|---:|---:|---:|---:|---:|").append(ratio ? "---:|" : "").append("---|\n");
            for (Sweep.Level l : s.levels()) {
                Map<String, Long> other = new TreeMap<>(l.outcomes().counts());
                other.remove(s.expected());
                Sweep.Level read = ratio ? run.reads().at(l.users()) : null;
                m.append(String.format(Locale.ROOT, "| %d | %,.0f | %.1f | %.1f | %.1f |%s %s |%n", l.users(), l.perSecond(),
                        l.ms(50), l.ms(95), l.ms(99), !ratio ? "" : read == null ? " |" : String.format(Locale.ROOT,
                                " %.2fx |", l.perSecond() / read.perSecond()), other.isEmpty() ? "" : other.toString()));
            }
            m.append(String.format(Locale.ROOT, "%nBest %,.0f/s at %d; knee (first level >= 90%% of the best) at %d.%n",
                    s.best().perSecond(), s.best().users(), s.knee().users()));
        }
        AnswerCosts.markdown(run, m);
        StockEngineBench.Result st = run.stock();
        m.append("\n## 4. Stock engine comparison (`").append(StockEngineBench.COMMAND.stream()
                .reduce((a, b) -> a + " " + b).orElse("")).append("`)\n\n");
        if (st == null) {
            m.append("Not run (`--no-stock-bench`).\n");
        } else {
            m.append(String.format(Locale.ROOT, "Run from this command after the HTTP scenarios (%.0f s, exit %d).%n%n",
                    st.seconds(), st.exitCode()));
            st.table().forEach(l -> m.append(l).append("\n"));
            m.append("\n");
            st.notes().forEach(l -> m.append("- ").append(l).append("\n"));
        }
        m.append("\n## Server\n\n");
        m.append(String.format(Locale.ROOT, "- Resident set size: max %.0f MiB over the run (%d samples every 500 ms).%n",
                run.maxRssMib(), run.rss().size()));
        m.append("- Last start (messages.log): server ").append(opt(run.start().serverSeconds())).append(" s, EAR ")
                .append(opt(run.start().applicationSeconds())).append(" s.\n");
        if (!run.notes().isEmpty()) {
            m.append("\n## Notes\n\n");
            run.notes().forEach(n -> m.append("- ").append(n).append("\n"));
        }
        return m.toString();
    }

    /**
     * What the hot-drop goal asks of the server, in this run's own terms. A sold-out refusal is the
     * same request as an order (token, rate limit, body check, idempotency step) without the
     * reservation and the writes, so no order is cheaper: the 201 at the 99th percentile comes no
     * sooner than that many refusals' worth of work after the opening. A product read, the
     * cheapest request there is, gives the looser floor.
     */
    static Optional<String> dropFloor(Run run) {
        if (run.drop() == null || run.reads() == null || run.soldOut() == null) {
            return Optional.empty();
        }
        int answersBefore = (int) Math.ceil(run.drop().units() * 0.99);
        double refusals = run.soldOut().best().perSecond();
        double reads = run.reads().best().perSecond();
        if (refusals <= 0 || reads <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Floor for the hot drop's 201 p99 in this run: %,d orders, each "
                + "at least the work of a sold-out refusal (best %,.0f/s), take %.0f ms; even at the best read rate "
                + "(%,.0f/s) they take %.0f ms.", answersBefore, refusals, answersBefore * 1000.0 / refusals, reads,
                answersBefore * 1000.0 / reads));
    }

    static String html(Run run) {
        StringBuilder h = head(run.title());
        body(run, h);
        return h.append("</body></html>").toString();
    }

    static String html(Comparison c) {
        StringBuilder h = head(title(c));
        h.append("<h1>").append(Chart.esc(title(c))).append("</h1><p>").append(Chart.esc(BOTH)).append("</p>");
        h.append("<h2>Side by side</h2><table><tr><th>figure</th><th>baseline</th><th>current</th>"
                + "<th>current / baseline</th><th>goal</th><th></th></tr>");
        for (Comparison.Row r : c.rows()) {
            h.append("<tr><td>").append(Chart.esc(r.metric().replace("`", ""))).append("</td><td>").append(Chart.esc(r.baseline()))
                    .append("</td><td>").append(Chart.esc(r.current())).append("</td><td>").append(Chart.esc(r.ratio()))
                    .append("</td><td>").append(Chart.esc(r.goal())).append("</td><td")
                    .append(r.met() == null ? ">" : r.met() ? " class='met'>met" : " class='missed'>missed")
                    .append("</td></tr>");
        }
        h.append("</table>");
        comparisonCharts(c, h);
        AnswerCosts.html(c, h);
        h.append("<hr>");
        body(c.current(), h);
        h.append("<hr>");
        body(c.baseline(), h);
        return h.append("</body></html>").toString();
    }

    /** Both runs in one chart each: the hot drop's answers from the opening, and the sweeps' throughput. */
    private static void comparisonCharts(Comparison c, StringBuilder h) {
        if (c.baseline().drop() != null && c.current().drop() != null) {
            Chart drop = new Chart("Hot drop: time from the opening to each answer, by percentile", "percentile", "ms",
                    Chart.Scale.NINES);
            String[][] series = {{"201", GREEN}, {"409 out-of-stock", RED}};
            for (String[] s : series) {
                drop.add(s[0] + " baseline", GREY, fromOpening(c.baseline().drop(), s[0]));
                drop.add(s[0] + " current", s[1], fromOpening(c.current().drop(), s[0]));
            }
            h.append(drop.mark(2000, "every answer within 2 s").mark(500, "goal: 201 p99 < 500 ms").svg());
        }
        Chart throughput = new Chart("Answers per second by concurrency, baseline (grey) and current", "concurrent callers",
                "answers/s", Chart.Scale.LOG2);
        for (Sweep.Result[] pair : new Sweep.Result[][] {{c.baseline().orders(), c.current().orders()},
                {c.baseline().soldOut(), c.current().soldOut()}}) {
            for (int i = 0; i < 2; i++) {
                if (pair[i] == null) {
                    continue;
                }
                List<double[]> points = new ArrayList<>();
                pair[i].levels().forEach(l -> points.add(new double[] {l.users(), l.perSecond()}));
                throughput.add(shortName(pair[i]) + (i == 0 ? " baseline" : " current"),
                        i == 0 ? GREY : pair[i] == c.current().orders() ? GREEN : RED, points);
            }
        }
        h.append(throughput.svg());
    }

    private static List<double[]> fromOpening(HotDrop.Result d, String outcome) {
        List<double[]> points = new ArrayList<>();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 100}) {
            points.add(new double[] {Math.min(p, 99.99), d.fromOpeningMs(outcome, p)});
        }
        return points;
    }

    private static StringBuilder head(String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>").append(Chart.esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.met{color:#2a9d3f}.missed{color:#d1495b;font-weight:bold}"
                        + "svg{display:block;margin:1em 0;border:1px solid #eee}</style></head><body>");
        return h;
    }

    private static void body(Run run, StringBuilder h) {
        h.append("<h1>").append(Chart.esc(run.title())).append("</h1>");
        h.append("<table>");
        run.facts().forEach((k, v) -> h.append("<tr><td>").append(Chart.esc(k)).append("</td><td>").append(Chart.esc(v)).append("</td></tr>"));
        run.loads().forEach((k, v) -> h.append("<tr><td>load average, ").append(Chart.esc(k)).append("</td><td>")
                .append(Chart.esc(v)).append("</td></tr>"));
        h.append("</table><h2>Goals</h2><table><tr><th>goal</th><th>wanted</th><th>got</th><th></th></tr>");
        for (Goals.Goal g : run.goals().all()) {
            h.append("<tr><td>").append(Chart.esc(g.name())).append("</td><td>").append(Chart.esc(g.wanted()))
                    .append("</td><td>").append(Chart.esc(g.got())).append("</td><td class='").append(g.met() ? "met'>met" : "missed'>missed")
                    .append("</td></tr>");
        }
        h.append("</table>");
        dropFloor(run).ifPresent(f -> h.append("<p>").append(Chart.esc(f)).append("</p>"));
        HotDrop.Result d = run.drop();
        if (d != null) {
            h.append("<h2>1. Hot drop</h2>");
            h.append(timeline(d).svg());
            h.append(percentiles("Hot drop latency by percentile", d.outcomes(), List.of("201", "409 out-of-stock"),
                    List.of(GREEN, RED)).mark(250, "goal: 201 p99 < 250 ms").svg());
            h.append("<table><tr><th>counter</th><th>value</th></tr>");
            for (Map.Entry<String, Long> c : Map.of("oversold", d.oversold(), "undersold", d.undersold(), "duplicate orders",
                    d.duplicates(), "server errors", d.serverErrors()).entrySet()) {
                h.append("<tr><td>").append(c.getKey()).append("</td><td class='").append(c.getValue() == 0 ? "met" : "missed")
                        .append("'>").append(c.getValue()).append("</td></tr>");
            }
            h.append("</table>");
        }
        List<Sweep.Result> sweeps = new ArrayList<>();
        for (Sweep.Result s : new Sweep.Result[] {run.reads(), run.orders(), run.soldOut()}) {
            if (s != null) {
                sweeps.add(s);
            }
        }
        if (!sweeps.isEmpty()) {
            h.append("<h2>2-3. Throughput and latency by concurrency</h2>");
            String[] colors = {BLUE, GREEN, RED};
            Chart throughput = new Chart("Answers per second by concurrency (closed loop)", "concurrent callers",
                    "answers/s", Chart.Scale.LOG2);
            Chart p99 = new Chart("p99 latency by concurrency", "concurrent callers", "ms", Chart.Scale.LOG2);
            for (int i = 0; i < sweeps.size(); i++) {
                Sweep.Result s = sweeps.get(i);
                List<double[]> tp = new ArrayList<>();
                List<double[]> lat = new ArrayList<>();
                for (Sweep.Level l : s.levels()) {
                    tp.add(new double[] {l.users(), l.perSecond()});
                    lat.add(new double[] {l.users(), l.ms(99)});
                }
                throughput.add(shortName(s), colors[i % colors.length], tp);
                p99.add(shortName(s), colors[i % colors.length], lat);
            }
            h.append(throughput.svg()).append(p99.svg());
        }
        AnswerCosts.html(run, h);
        h.append("<h2>Server memory</h2>");
        h.append(new Chart("Server resident set size over the run", "seconds since the bench started", "MiB",
                Chart.Scale.LINEAR).add("RSS", BLUE, run.rss()).mark(1024, "goal: < 1 GiB").svg());
        h.append("<h2>Summary</h2><pre>").append(Chart.esc(markdown(run, "this page"))).append("</pre>");
    }

    private static Chart timeline(HotDrop.Result d) {
        long bucket = 50_000_000L;
        Map<String, TreeMap<Long, Integer>> byClass = new LinkedHashMap<>();
        for (String c : List.of("201", "409 out-of-stock", "other")) {
            byClass.put(c, new TreeMap<>());
        }
        long last = 0;
        for (Shot s : d.outcomes().shots()) {
            long b = (s.startNanos() + s.latencyNanos() - d.firstSendNanos()) / bucket;
            last = Math.max(last, b);
            String c = byClass.containsKey(s.outcome()) ? s.outcome() : "other";
            byClass.get(c).merge(b, 1, Integer::sum);
        }
        Chart chart = new Chart("Hot drop: answers per second over time (50 ms buckets, by answer time)",
                "ms since the opening", "answers/s", Chart.Scale.LINEAR);
        String[] colors = {GREEN, RED, GREY};
        int i = 0;
        for (Map.Entry<String, TreeMap<Long, Integer>> e : byClass.entrySet()) {
            List<double[]> points = new ArrayList<>();
            for (long b = 0; b <= last; b++) {
                points.add(new double[] {b * 50.0, e.getValue().getOrDefault(b, 0) * (1e9 / bucket)});
            }
            chart.add(e.getKey(), colors[i++], points);
        }
        return chart;
    }

    private static Chart percentiles(String title, Outcomes o, List<String> outcomes, List<String> colors) {
        Chart chart = new Chart(title, "percentile", "ms", Chart.Scale.NINES);
        for (int i = 0; i < outcomes.size(); i++) {
            List<double[]> points = new ArrayList<>();
            for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 100}) {
                points.add(new double[] {Math.min(p, 99.99), o.ms(outcomes.get(i), p)});
            }
            chart.add(outcomes.get(i), colors.get(i), points);
        }
        return chart;
    }

    private static String shortName(Sweep.Result s) {
        int colon = s.name().indexOf(':');
        return colon < 0 ? s.name() : s.name().substring(colon + 1).trim();
    }

    private static void row(StringBuilder m, String name, String value) {
        m.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String pcts(Outcomes o, String outcome) {
        if (o.count(outcome) == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (n = %d)", o.ms(outcome, 50), o.ms(outcome, 95),
                o.ms(outcome, 99), o.count(outcome));
    }

    private static String ledger(BenchShop.Ledger l) {
        return l.total() + " / " + l.available() + " / " + l.reserved() + " / " + l.sold();
    }

    private static String opt(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "unknown";
    }
}
