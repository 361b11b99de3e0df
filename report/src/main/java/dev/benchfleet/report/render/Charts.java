package dev.benchfleet.report.render;

import dev.benchfleet.report.Report;
import dev.benchfleet.report.results.GroupKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.benchfleet.report.render.Svg.esc;
import static dev.benchfleet.report.render.Svg.px;

/**
 * The report's charts as inline SVG. Every per-type mark sits in a {@code <g data-group data-provider>}
 * so that the page's show/hide controls can hide it.
 */
final class Charts {

    static final int WIDTH = 900;
    private static final int LEFT = 230;
    private static final int RIGHT = 30;
    private static final int TOP = 16;
    private static final int AXIS = 34;

    private final Map<GroupKey, String> colors;

    Charts(Map<GroupKey, String> colors) {
        this.colors = colors;
    }

    /** Horizontal bars of the scores with their 95 % interval, fastest on top. */
    String scores(List<Report.Entry> ranking) {
        int row = 28;
        int height = TOP + ranking.size() * row + AXIS;
        double max = 1;
        for (Report.Entry e : ranking) {
            if (!Double.isNaN(e.score())) {
                max = Math.max(max, e.score());
            }
            if (e.scoreSummary().isPresent() && e.scoreSummary().get().hasInterval()) {
                max = Math.max(max, e.scoreSummary().get().ciHigh());
            }
        }
        Scale x = new Scale(0, max * 1.08, LEFT, WIDTH - RIGHT);
        StringBuilder svg = open("chart-score", "Overall score per instance type (lower is better)", height);
        axis(svg, x, TOP, height - AXIS, "score (geometric mean of time ratios to the fastest; 1 = fastest)", false);
        svg.append("<line class=\"ref\" x1=\"").append(px(x.at(1))).append("\" x2=\"").append(px(x.at(1)))
                .append("\" y1=\"").append(TOP).append("\" y2=\"").append(height - AXIS).append("\"/>");
        for (int i = 0; i < ranking.size(); i++) {
            Report.Entry e = ranking.get(i);
            double y = TOP + i * row;
            svg.append(group(e.key()));
            label(svg, e.rank() + ". " + e.key().label(), y + row / 2.0);
            if (!Double.isNaN(e.score())) {
                svg.append("<rect class=\"bar\" x=\"").append(px(x.at(0))).append("\" y=\"").append(px(y + 5))
                        .append("\" width=\"").append(px(x.at(e.score()) - x.at(0))).append("\" height=\"")
                        .append(row - 10).append("\" fill=\"").append(colors.get(e.key())).append("\"><title>")
                        .append(esc(e.key().label() + ": score " + Svg.fixed(e.score(), 3))).append("</title></rect>");
                e.scoreSummary().filter(s -> s.hasInterval()).ifPresent(s ->
                        whisker(svg, x.at(x.clamp(s.ciLow())), x.at(s.ciHigh()), y + row / 2.0, 6));
                svg.append("<text class=\"value\" x=\"").append(px(x.at(e.score()) + 4)).append("\" y=\"")
                        .append(px(y + row / 2.0 - 7)).append("\">").append(Svg.fixed(e.score(), 3)).append("</text>");
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** One benchmark: each type's iterations (dots, one line per task), task means and the 95 % interval. */
    String benchmark(int index, Report.BenchmarkStats b, List<Report.Entry> ranking) {
        List<Report.Cell> cells = new ArrayList<>(b.cells());
        cells.sort(Comparator.comparingInt(c -> rankOf(ranking, c.key())));
        int maxTasks = cells.stream().mapToInt(c -> c.iterations().size()).max().orElse(1);
        int row = Math.max(30, 10 + maxTasks * 7);
        int height = TOP + cells.size() * row + AXIS;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Report.Cell c : cells) {
            for (double[] task : c.iterations()) {
                for (double t : task) {
                    min = Math.min(min, t);
                    max = Math.max(max, t);
                }
            }
            if (c.summary().hasInterval()) {
                min = Math.min(min, Math.max(0, c.summary().ciLow()));
                max = Math.max(max, c.summary().ciHigh());
            }
        }
        double pad = Math.max((max - min) * 0.08, max * 0.01);
        Scale x = new Scale(Math.max(0, min - pad), max + pad, LEFT, WIDTH - RIGHT);
        StringBuilder svg = open("chart-bench-" + index, "Benchmark " + b.name() + ": iteration times per instance type",
                height);
        boolean ms = max < 1;
        axis(svg, x, TOP, height - AXIS, "time per iteration (" + (ms ? "ms" : "s")
                + "); dots: iterations, one line per task; diamonds: task means; bar: 95 % CI of the mean", ms);
        for (int i = 0; i < cells.size(); i++) {
            Report.Cell c = cells.get(i);
            double y = TOP + i * row;
            String color = colors.get(c.key());
            svg.append(group(c.key()));
            label(svg, c.key().label(), y + row / 2.0);
            for (int t = 0; t < c.iterations().size(); t++) {
                double ty = y + 6 + (row - 12) * (t + 0.5) / c.iterations().size();
                for (double value : c.iterations().get(t)) {
                    svg.append("<circle class=\"it\" cx=\"").append(px(x.at(value))).append("\" cy=\"").append(px(ty))
                            .append("\" r=\"2.2\" fill=\"").append(color).append("\"/>");
                }
                double mean = c.taskMeans()[t];
                svg.append("<path class=\"task-mean\" d=\"M").append(px(x.at(mean))).append(' ').append(px(ty - 4))
                        .append(" l4 4 l-4 4 l-4 -4 z\" fill=\"").append(color).append("\"><title>")
                        .append(esc(c.key().label() + " task " + (t + 1) + ": mean " + Svg.time(mean)))
                        .append("</title></path>");
            }
            if (c.summary().hasInterval()) {
                // with two or three tasks a t interval can reach below zero: drawn from the axis start
                whisker(svg, x.at(x.clamp(c.summary().ciLow())), x.at(c.summary().ciHigh()), y + row - 3, 4);
            }
            svg.append("<line class=\"mean\" x1=\"").append(px(x.at(c.summary().mean()))).append("\" x2=\"")
                    .append(px(x.at(c.summary().mean()))).append("\" y1=\"").append(px(y + 3)).append("\" y2=\"")
                    .append(px(y + row - 1)).append("\"><title>").append(esc(c.key().label() + ": mean of task means "
                            + Svg.time(c.summary().mean()))).append("</title></line>");
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** Relative speed against $/hour, with the Pareto front: no other type is both cheaper and faster. */
    String price(List<Report.Entry> ranking) {
        List<Report.Entry> priced = ranking.stream()
                .filter(e -> e.pricePerHour().isPresent() && !Double.isNaN(e.relativeToFastest())).toList();
        int height = 380;
        int bottom = height - AXIS;
        double maxPrice = priced.stream().mapToDouble(e -> e.pricePerHour().get()).max().orElse(1) * 1.1;
        Scale x = new Scale(0, maxPrice, 70, WIDTH - RIGHT - 120);
        Scale y = new Scale(0, 1.05, bottom, TOP);
        StringBuilder svg = open("chart-price", "Speed relative to the fastest against price per hour", height);
        for (double t : Svg.ticks(0, maxPrice, 6)) {
            svg.append("<line class=\"grid\" x1=\"").append(px(x.at(t))).append("\" x2=\"").append(px(x.at(t)))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(bottom).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(px(x.at(t))).append("\" y=\"").append(bottom + 14)
                    .append("\" text-anchor=\"middle\">$").append(Svg.fixed(t, t < 1 ? 3 : 2)).append("</text>");
        }
        for (double t : Svg.ticks(0, 1.05, 5)) {
            svg.append("<line class=\"grid\" x1=\"70\" x2=\"").append(px(x.at(maxPrice))).append("\" y1=\"")
                    .append(px(y.at(t))).append("\" y2=\"").append(px(y.at(t))).append("\"/>")
                    .append("<text class=\"tick\" x=\"64\" y=\"").append(px(y.at(t) + 4))
                    .append("\" text-anchor=\"end\">").append(Svg.fixed(t, 2)).append("</text>");
        }
        svg.append("<text class=\"axis-title\" x=\"").append(px(x.at(maxPrice / 2))).append("\" y=\"").append(height - 4)
                .append("\" text-anchor=\"middle\">price, USD per hour</text>")
                .append("<text class=\"axis-title\" transform=\"translate(14 ").append(px(y.at(0.5)))
                .append(") rotate(-90)\" text-anchor=\"middle\">speed (1 / relative score)</text>");
        List<Report.Entry> front = paretoFront(priced);
        if (front.size() > 1) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < front.size(); i++) {
                Report.Entry e = front.get(i);
                double px = x.at(e.pricePerHour().get());
                double py = y.at(1 / e.relativeToFastest());
                if (i == 0) {
                    d.append('M').append(px(px)).append(' ').append(px(py));
                } else {
                    d.append(" H").append(px(px)).append(" V").append(px(py));
                }
            }
            svg.append("<path class=\"pareto\" d=\"").append(d).append("\"/>");
        }
        for (Report.Entry e : priced) {
            double px = x.at(e.pricePerHour().get());
            double py = y.at(1 / e.relativeToFastest());
            boolean onFront = front.contains(e);
            svg.append(group(e.key())).append("<circle class=\"point").append(onFront ? " on-front" : "")
                    .append("\" cx=\"").append(px(px)).append("\" cy=\"").append(px(py)).append("\" r=\"6\" fill=\"")
                    .append(colors.get(e.key())).append("\"><title>").append(esc(e.key().label() + ": $"
                            + Svg.fixed(e.pricePerHour().get(), 4) + "/h, speed " + Svg.fixed(1 / e.relativeToFastest(), 3)
                            + (onFront ? " (Pareto front)" : ""))).append("</title></circle>")
                    .append("<text class=\"point-label\" x=\"").append(px(px + 9)).append("\" y=\"").append(px(py + 4))
                    .append("\">").append(esc(e.key().label())).append(onFront ? " ★" : "").append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** Cheapest first; a type is on the front when it is faster than every cheaper one. */
    static List<Report.Entry> paretoFront(List<Report.Entry> priced) {
        List<Report.Entry> byPrice = new ArrayList<>(priced);
        byPrice.sort(Comparator.comparingDouble((Report.Entry e) -> e.pricePerHour().get())
                .thenComparingDouble(Report.Entry::relativeToFastest));
        List<Report.Entry> front = new ArrayList<>();
        double bestSpeed = 0;
        for (Report.Entry e : byPrice) {
            double speed = 1 / e.relativeToFastest();
            if (speed > bestSpeed + 1e-12) {
                front.add(e);
                bestSpeed = speed;
            }
        }
        return front;
    }

    private static int rankOf(List<Report.Entry> ranking, GroupKey key) {
        return ranking.stream().filter(e -> e.key().equals(key)).mapToInt(Report.Entry::rank).findFirst().orElse(0);
    }

    private static StringBuilder open(String id, String title, int height) {
        return new StringBuilder("<svg class=\"chart\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"").append(esc(title))
                .append("\"><title>").append(esc(title)).append("</title>");
    }

    private static String group(GroupKey key) {
        return "<g class=\"series\" data-group=\"" + esc(key.id()) + "\" data-provider=\"" + esc(key.provider()) + "\">";
    }

    private static void label(StringBuilder svg, String text, double y) {
        svg.append("<text class=\"label\" x=\"").append(LEFT - 8).append("\" y=\"").append(px(y + 4))
                .append("\" text-anchor=\"end\">").append(esc(text)).append("</text>");
    }

    private static void whisker(StringBuilder svg, double from, double to, double y, double cap) {
        svg.append("<path class=\"ci\" d=\"M").append(px(from)).append(' ').append(px(y - cap / 2)).append(" v")
                .append(px(cap)).append(" M").append(px(from)).append(' ').append(px(y)).append(" H").append(px(to))
                .append(" M").append(px(to)).append(' ').append(px(y - cap / 2)).append(" v").append(px(cap))
                .append("\"/>");
    }

    private static void axis(StringBuilder svg, Scale x, double top, double bottom, String title, boolean ms) {
        for (double t : Svg.ticks(x.min, x.max, 6)) {
            svg.append("<line class=\"grid\" x1=\"").append(px(x.at(t))).append("\" x2=\"").append(px(x.at(t)))
                    .append("\" y1=\"").append(px(top)).append("\" y2=\"").append(px(bottom)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(px(x.at(t))).append("\" y=\"").append(px(bottom + 13))
                    .append("\" text-anchor=\"middle\">").append(ms ? trim(t * 1000) : trim(t)).append("</text>");
        }
        svg.append("<text class=\"axis-title\" x=\"").append(px((x.from + x.to) / 2)).append("\" y=\"")
                .append(px(bottom + 29)).append("\" text-anchor=\"middle\">").append(esc(title)).append("</text>");
    }

    private static String trim(double value) {
        String text = String.format(java.util.Locale.ROOT, "%.4g", value);
        return text.contains(".") && !text.contains("e") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** Linear map from data values to pixels. */
    private record Scale(double min, double max, double from, double to) {
        double clamp(double value) {
            return Math.max(min, Math.min(max, value));
        }

        double at(double value) {
            return max == min ? (from + to) / 2 : from + (value - min) / (max - min) * (to - from);
        }
    }
}
