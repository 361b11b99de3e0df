package dev.benchfleet.report.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers for hand-written SVG: escaping, number formatting, axis ticks, a fixed palette. */
final class Svg {

    /** Tableau 10: distinct, colour-blind friendly enough, printable. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private Svg() {
    }

    static String color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** A coordinate: one decimal is plenty for screen pixels. */
    static String px(double value) {
        return decimals(value, 1);
    }

    /** About {@code count} round tick values covering [min, max]. */
    static List<Double> ticks(double min, double max, int count) {
        List<Double> ticks = new ArrayList<>();
        if (!(max > min)) {
            ticks.add(min);
            return ticks;
        }
        double raw = (max - min) / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    /** A time in seconds as people read it: ms below 1 s. */
    static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.3g ms", seconds * 1000);
        }
        return String.format(Locale.ROOT, "%.3g s", seconds);
    }

    static String fixed(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : decimals(value, decimals);
    }

    /**
     * {@code value} with {@code places} decimals, rounded half up as {@code %.Nf} rounds it (but never "-0.0"). Not
     * {@link String#format}: a report writes hundreds of these, and a cold formatter took a sixth of its time.
     */
    private static String decimals(double value, int places) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}
