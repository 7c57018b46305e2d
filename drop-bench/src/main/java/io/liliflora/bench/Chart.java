package io.liliflora.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A line chart as inline SVG, so the report is one self-contained HTML file that opens offline.
 * Axes are linear or log2/log10; a dashed horizontal line marks a goal or a limit.
 */
public final class Chart {

    public record Series(String name, String color, List<double[]> points) {
    }

    public enum Scale { LINEAR, LOG2, NINES }

    private static final int W = 760;
    private static final int H = 340;
    private static final int L = 70;
    private static final int R = 170;
    private static final int T = 36;
    private static final int B = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Scale xScale;
    private final List<Series> series = new ArrayList<>();
    private final List<double[]> marks = new ArrayList<>();
    private final List<String> markLabels = new ArrayList<>();

    public Chart(String title, String xLabel, String yLabel, Scale xScale) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xScale = xScale;
    }

    public Chart add(String name, String color, List<double[]> points) {
        List<double[]> usable = points.stream().filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1])).toList();
        if (!usable.isEmpty()) {
            series.add(new Series(name, color, usable));
        }
        return this;
    }

    /** A dashed horizontal line at {@code y}. */
    public Chart mark(double y, String label) {
        marks.add(new double[] {y});
        markLabels.add(label);
        return this;
    }

    private double tx(double x) {
        return switch (xScale) {
            case LINEAR -> x;
            case LOG2 -> Math.log(Math.max(x, 1e-9)) / Math.log(2);
            case NINES -> -Math.log10(Math.max(1e-6, 1 - x / 100));
        };
    }

    public String svg() {
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, tx(p[0]));
                x1 = Math.max(x1, tx(p[0]));
                y1 = Math.max(y1, p[1]);
            }
        }
        for (double[] m : marks) {
            y1 = Math.max(y1, m[0]);
        }
        if (series.isEmpty()) {
            x0 = 0;
            x1 = 1;
        }
        if (x1 <= x0) {
            x1 = x0 + 1;
        }
        y1 = niceCeiling(y1 * 1.05);
        double fx0 = x0, fx1 = x1, fy1 = y1;
        DoubleFunction<Double> px = x -> L + (tx(x) - fx0) / (fx1 - fx0) * (W - L - R);
        DoubleFunction<Double> py = y -> H - B - y / fy1 * (H - T - B);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d'"
                + " font-family='sans-serif' font-size='12'>", W, H, W, H));
        s.append("<rect width='100%' height='100%' fill='white'/>");
        s.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='15' font-weight='bold'>%s</text>", L, esc(title)));
        for (int i = 0; i <= 5; i++) {
            double y = y1 * i / 5;
            s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e5e5e5'/>"
                    + "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", L, W - R, py.apply(y), py.apply(y), L - 6,
                    py.apply(y) + 4, num(y)));
        }
        for (double xv : xTicks(x0, x1)) {
            s.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#eee'/>"
                    + "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", px.apply(xv), px.apply(xv), T, H - B,
                    px.apply(xv), H - B + 16, xScale == Scale.NINES ? num(xv) + "%" : num(xv)));
        }
        s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#333'/>", L, W - R, H - B, H - B));
        s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#333'/>", L, L, T, H - B));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", (L + W - R) / 2, H - 12,
                esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text transform='translate(16,%d) rotate(-90)' text-anchor='middle'>%s</text>",
                (T + H - B) / 2, esc(yLabel)));
        for (int i = 0; i < marks.size(); i++) {
            double y = py.apply(marks.get(i)[0]);
            s.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#c00' stroke-dasharray='6,4'/>"
                    + "<text x='%d' y='%.1f' fill='#c00' text-anchor='end'>%s</text>", L, W - R, y, y, W - R - 4, y - 4,
                    esc(markLabels.get(i))));
        }
        int legend = 0;
        for (Series line : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : line.points()) {
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f",
                        px.apply(p[0]), py.apply(p[1])));
            }
            s.append(String.format(Locale.ROOT, "<path d='%s' fill='none' stroke='%s' stroke-width='2'/>", path, line.color()));
            if (line.points().size() <= 40) {
                for (double[] p : line.points()) {
                    s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", px.apply(p[0]),
                            py.apply(p[1]), line.color()));
                }
            }
            int ly = T + 10 + 20 * legend++;
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='14' height='4' fill='%s'/><text x='%d' y='%d'>%s</text>",
                    W - R + 12, ly - 4, line.color(), W - R + 32, ly + 1, esc(line.name())));
        }
        return s.append("</svg>").toString();
    }

    private List<Double> xTicks(double t0, double t1) {
        List<Double> ticks = new ArrayList<>();
        switch (xScale) {
            case LOG2 -> {
                for (double v = Math.pow(2, Math.floor(t0)); Math.log(v) / Math.log(2) <= t1 + 1e-9; v *= 2) {
                    ticks.add(v);
                }
            }
            case NINES -> {
                for (double v : new double[] {0, 50, 90, 99, 99.9, 99.99}) {
                    if (tx(v) <= t1 + 1e-9) {
                        ticks.add(v);
                    }
                }
            }
            default -> {
                double step = niceCeiling((t1 - t0) / 6);
                for (double v = Math.ceil(t0 / step) * step; v <= t1 + 1e-9; v += step) {
                    ticks.add(v);
                }
            }
        }
        return ticks;
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * magnitude >= v) {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(v));
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
