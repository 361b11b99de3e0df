package dev.benchfleet.report.render;

import dev.benchfleet.report.Report;
import dev.benchfleet.report.stats.Summary;

import java.util.List;
import java.util.Locale;

/**
 * {@code summary.csv}: one row per instance type and benchmark, with the type's rank and score on
 * every row, so a spreadsheet can filter and pivot. Times in seconds; unknown values are empty.
 */
public final class CsvSummary {

    static final List<String> HEADER = List.of("rank", "provider", "alias", "variant", "instance_type", "score",
            "relative_to_fastest", "price_per_hour", "benchmark", "in_score", "n", "mean_s", "median_s", "sd_s",
            "ci95_low_s", "ci95_high_s", "benchmark_relative_to_fastest", "within_task_cv_pct");

    public String write(Report report) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        for (Report.Entry e : report.ranking()) {
            for (Report.BenchmarkStats b : report.benchmarks()) {
                for (Report.Cell c : b.cells()) {
                    if (!c.key().equals(e.key())) {
                        continue;
                    }
                    Summary s = c.summary();
                    row(csv, String.valueOf(e.rank()), text(e.key().provider()), text(e.key().alias()),
                            text(e.key().variant()), text(e.instanceType()), num(e.score()), num(e.relativeToFastest()),
                            e.pricePerHour().map(CsvSummary::num).orElse(""), text(b.name()), String.valueOf(b.inScore()),
                            String.valueOf(s.n()), num(s.mean()), num(s.median()), num(s.sd()), num(s.ciLow()),
                            num(s.ciHigh()), num(c.relativeToFastest()), num(c.withinTaskCvPct()));
                }
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... fields) {
        csv.append(String.join(",", fields)).append("\r\n");
    }

    static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows it as text. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
