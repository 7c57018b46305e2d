package io.liliflora.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The goals, each checked against one run's figures: what was wanted, what came out. */
public final class Goals {

    public record Goal(String name, String wanted, String got, boolean met) {
    }

    private final List<Goal> goals = new ArrayList<>();

    public void atLeast(String name, double got, double wanted, String unit) {
        goals.add(new Goal(name, ">= " + fmt(wanted) + unit, fmt(got) + unit, got >= wanted));
    }

    public void below(String name, double got, double limit, String unit) {
        goals.add(new Goal(name, "< " + fmt(limit) + unit, fmt(got) + unit, Double.isFinite(got) && got < limit));
    }

    public void zero(String name, long got) {
        goals.add(new Goal(name, "0", String.valueOf(got), got == 0));
    }

    public List<Goal> all() {
        return goals;
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
    }
}
