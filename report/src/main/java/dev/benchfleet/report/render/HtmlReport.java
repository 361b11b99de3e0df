package dev.benchfleet.report.render;

import dev.benchfleet.report.Report;
import dev.benchfleet.report.results.GroupKey;
import dev.benchfleet.report.stats.Summary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.benchfleet.report.render.Svg.esc;
import static dev.benchfleet.report.render.Svg.fixed;

/**
 * {@code report.html}: one self-contained page (CSS, SVG charts, the report's JSON and a few lines
 * of script inline). Its Content-Security-Policy forbids loading anything, so it behaves the same
 * offline, from a CI artifact or a mail attachment.
 */
public final class HtmlReport {

    private static final String SCRIPT = """
            (function () {
              var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-toggle]'));
              // #hide=aws,other-id opens the page with those providers / instance types hidden
              var hash = decodeURIComponent(location.hash.slice(1));
              if (hash.indexOf('hide=') === 0) {
                hash.slice(5).split(',').forEach(function (v) {
                  boxes.forEach(function (b) { if (b.value === v) { b.checked = false; } });
                });
              }
              function apply() {
                var visible = 0;
                var hidden = {group: {}, provider: {}};
                boxes.forEach(function (b) { if (!b.checked) { hidden[b.getAttribute('data-toggle')][b.value] = true; } });
                document.querySelectorAll('[data-group]').forEach(function (el) {
                  var off = hidden.group[el.getAttribute('data-group')] || hidden.provider[el.getAttribute('data-provider')];
                  el.style.display = off ? 'none' : '';
                  if (!off && el.tagName.toLowerCase() === 'g') { visible++; }
                });
                document.body.setAttribute('data-visible-series', String(visible));
              }
              boxes.forEach(function (b) { b.addEventListener('change', apply); });
              apply();
            })();
            """;

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:960px;color:#222;padding:0 12px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:20px 0 4px}p.lead{color:#555;margin:0 0 12px}
            table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-variant-numeric:tabular-nums}
            th,td{border-bottom:1px solid #e4e4e4;padding:4px 6px;text-align:left;vertical-align:top}
            th{background:#f6f6f6;font-weight:600}td.num,th.num{text-align:right}
            .notes li{margin:2px 0}.notes{background:#fff8e1;border:1px solid #f0d98c;padding:8px 8px 8px 28px;border-radius:4px}
            .controls label{margin-right:14px;white-space:nowrap}.controls div{margin:4px 0}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:baseline}
            .badge{background:#6a3d9a;color:#fff;border-radius:3px;padding:0 4px;font-size:11px}
            svg.chart{max-width:100%;height:auto;display:block;margin:4px 0}
            svg .label{font-size:12px;fill:#222}svg .tick{font-size:11px;fill:#666}svg .axis-title{font-size:11px;fill:#444}
            svg .value{font-size:11px;fill:#222}svg .grid{stroke:#eee}svg .ref{stroke:#999;stroke-dasharray:3 3}
            svg .it{opacity:.45}svg .ci{stroke:#111;stroke-width:2;fill:none}svg .mean{stroke:#111;stroke-width:1.5}
            svg .pareto{stroke:#2ca02c;stroke-width:2;fill:none;stroke-dasharray:6 3}svg .on-front{stroke:#111;stroke-width:2}
            svg .point-label{font-size:11px;fill:#222}
            .muted{color:#777}code{background:#f3f3f3;padding:0 3px;border-radius:3px}
            """;

    private final JsonReport json = new JsonReport();

    public String write(Report report) {
        Map<GroupKey, String> colors = new LinkedHashMap<>();
        for (int i = 0; i < report.ranking().size(); i++) {
            colors.put(report.ranking().get(i).key(), Svg.color(i));
        }
        Charts charts = new Charts(colors);
        String runIds = report.runs().stream().map(Report.RunInfo::runId).collect(Collectors.joining(", "));
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("img-src data:; script-src '").append(hash(SCRIPT)).append("'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Benchfleet report: run ").append(esc(runIds)).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        html.append("<h1>Benchfleet comparison report</h1><p class=\"lead\">Run").append(report.runs().size() > 1 ? "s " : " ")
                .append(esc(runIds)).append(" · ").append(report.ranking().size()).append(" instance type(s) · ")
                .append(report.benchmarks().size()).append(" benchmark(s) · generated ")
                .append(esc(report.generatedAt().toString())).append("</p>\n");
        notes(html, report);
        controls(html, report, colors);
        ranking(html, report, colors);
        html.append("<h2 id=\"scores\">Scores</h2><p class=\"muted\">Score: ").append(esc(Report.SCORE_DEFINITION))
                .append(". Bars: score; whiskers: 95 % confidence interval of the per-task scores (Student's t).</p>")
                .append(charts.scores(report.ranking())).append('\n');
        html.append("<h2 id=\"price\">Speed versus price</h2>");
        if (report.hasPrices()) {
            html.append("<p class=\"muted\">Up and to the left is better. The dashed line joins the Pareto front (★): ")
                    .append("the cheapest type for each level of speed; a type off the front is beaten on both.</p>")
                    .append(charts.price(report.ranking()));
        } else {
            html.append("<p class=\"muted\" id=\"no-prices\">No prices are known for these instance types, so there is ")
                    .append("no speed-versus-price chart. Prices come from <code>price_per_hour</code> in a task's ")
                    .append("<code>metadata.json</code> or from <code>report --prices FILE</code>.</p>");
        }
        html.append('\n');
        neighbours(html, report);
        html.append("<h2 id=\"benchmarks\">Benchmarks</h2><p class=\"muted\">Each task (one machine or container) is ")
                .append("one independent sample: its iterations are averaged first, and n, mean, median, standard ")
                .append("deviation and the 95 % confidence interval are computed over those task means. The spread of ")
                .append("iterations inside a task (coefficient of variation) is shown separately. With two or three tasks ")
                .append("the interval is wide (Student's t is large for few degrees of freedom) and may reach below ")
                .append("zero; the charts draw it from the axis start.</p>\n");
        for (int i = 0; i < report.benchmarks().size(); i++) {
            benchmark(html, i, report.benchmarks().get(i), report, charts);
        }
        facts(html, report);
        html.append("<script type=\"application/json\" id=\"report-data\">")
                .append(json.write(report).replace("<", "\\u003c")).append("</script>\n")
                .append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void notes(StringBuilder html, Report report) {
        if (report.notes().isEmpty()) {
            return;
        }
        html.append("<ul class=\"notes\" id=\"notes\">");
        report.notes().forEach(n -> html.append("<li>").append(esc(n)).append("</li>"));
        html.append("</ul>\n");
    }

    private static void controls(StringBuilder html, Report report, Map<GroupKey, String> colors) {
        Set<String> providers = new LinkedHashSet<>();
        report.ranking().forEach(e -> providers.add(e.key().provider()));
        html.append("<div class=\"controls\" id=\"controls\"><div><strong>Providers:</strong> ");
        for (String p : providers) {
            html.append("<label><input type=\"checkbox\" checked data-toggle=\"provider\" value=\"").append(esc(p))
                    .append("\"> ").append(esc(p)).append("</label>");
        }
        html.append("</div><div><strong>Instance types:</strong> ");
        for (Report.Entry e : report.ranking()) {
            html.append("<label><input type=\"checkbox\" checked data-toggle=\"group\" value=\"").append(esc(e.key().id()))
                    .append("\"> <span class=\"swatch\" style=\"background:").append(colors.get(e.key())).append("\"></span>")
                    .append(esc(e.key().label())).append("</label>");
        }
        html.append("</div></div>\n");
    }

    private static void ranking(StringBuilder html, Report report, Map<GroupKey, String> colors) {
        boolean prices = report.hasPrices();
        html.append("<h2 id=\"ranking\">Ranking</h2><table id=\"ranking-table\"><thead><tr><th class=\"num\">#</th>")
                .append("<th>provider</th><th>alias</th><th>instance type</th><th>arch</th><th class=\"num\">vCPUs</th>")
                .append("<th class=\"num\">score</th><th class=\"num\">95 % CI</th><th class=\"num\">× fastest</th>")
                .append("<th class=\"num\">total time</th><th class=\"num\">tasks</th>");
        if (prices) {
            html.append("<th class=\"num\">$/hour</th><th class=\"num\">perf per $</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Report.Entry e : report.ranking()) {
            html.append("<tr data-group=\"").append(esc(e.key().id())).append("\" data-provider=\"")
                    .append(esc(e.key().provider())).append("\" data-label=\"").append(esc(e.key().label())).append("\">")
                    .append("<td class=\"num\">").append(e.rank()).append("</td><td>").append(esc(e.key().provider()))
                    .append("</td><td><span class=\"swatch\" style=\"background:").append(colors.get(e.key()))
                    .append("\"></span>").append(esc(e.key().alias()));
            if (!e.key().variant().equals(GroupKey.PLAIN)) {
                html.append(" <span class=\"badge\">").append(esc(e.key().variant())).append("</span>");
            }
            if (e.merged()) {
                html.append(" <span class=\"muted\" title=\"merged from runs ").append(esc(String.join(", ", e.runIds())))
                        .append("\">(merged)</span>");
            }
            html.append("</td><td>").append(esc(e.instanceType())).append("</td><td>").append(esc(orDash(e.arch())))
                    .append("</td><td class=\"num\">").append(e.vcpus() == null ? "–" : e.vcpus())
                    .append(e.threadsPerCore() != null && e.threadsPerCore() > 1 ? " (SMT)" : "")
                    .append("</td><td class=\"num\">").append(fixed(e.score(), 3)).append("</td><td class=\"num\">")
                    .append(e.scoreSummary().filter(Summary::hasInterval)
                            .map(s -> fixed(s.ciLow(), 3) + "–" + fixed(s.ciHigh(), 3)).orElse("–"))
                    .append("</td><td class=\"num\">").append(fixed(e.relativeToFastest(), 3))
                    .append("</td><td class=\"num\">").append(Svg.time(e.totalTime())).append("</td><td class=\"num\">")
                    .append(e.tasks()).append("</td>");
            if (prices) {
                html.append("<td class=\"num\">").append(e.pricePerHour().map(p -> "$" + fixed(p, 4)).orElse("–"))
                        .append("</td><td class=\"num\">").append(e.performancePerDollar().map(p -> fixed(p, 2)).orElse("–"))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (prices) {
            html.append("<p class=\"muted\">perf per $ = (1 / × fastest) / ($ per hour): relative speed bought per dollar-hour.</p>");
        }
        html.append('\n');
    }

    private static void neighbours(StringBuilder html, Report report) {
        html.append("<h2 id=\"neighbours\">Are neighbours in the ranking really different?</h2>");
        if (report.neighbours().isEmpty()) {
            html.append("<p class=\"muted\">Only one instance type: nothing to compare.</p>\n");
            return;
        }
        html.append("<p class=\"muted\">Two-sided Mann–Whitney U test (exact) on the per-task scores, and whether the 95 % ")
                .append("confidence intervals overlap. \"Differs\" when p &lt; 0.05 or the intervals are apart.</p>")
                .append("<table id=\"neighbours-table\"><thead><tr><th>faster</th><th>slower</th><th>verdict</th></tr></thead><tbody>");
        for (Report.Neighbours n : report.neighbours()) {
            html.append("<tr><td>").append(esc(n.faster().label())).append("</td><td>").append(esc(n.slower().label()))
                    .append("</td><td>").append(esc(n.verdict().describe())).append("</td></tr>");
        }
        html.append("</tbody></table>\n");
    }

    private static void benchmark(StringBuilder html, int index, Report.BenchmarkStats b, Report report, Charts charts) {
        html.append("<h3 id=\"bench-").append(index).append("\">").append(esc(b.name()));
        if (!b.inScore()) {
            html.append(" <span class=\"muted\">(not in the score: missing on ")
                    .append(esc(b.missing().stream().map(GroupKey::label).collect(Collectors.joining(", "))))
                    .append(")</span>");
        }
        html.append("</h3>").append(charts.benchmark(index, b, report.ranking()));
        html.append("<table class=\"bench-table\"><thead><tr><th>instance type</th><th class=\"num\">n</th>")
                .append("<th class=\"num\">mean</th><th class=\"num\">median</th><th class=\"num\">sd</th>")
                .append("<th class=\"num\">95 % CI</th><th class=\"num\">× fastest</th>")
                .append("<th class=\"num\">within-task CV</th><th class=\"num\">iterations</th></tr></thead><tbody>");
        for (Report.Entry e : report.ranking()) {
            for (Report.Cell c : b.cells()) {
                if (!c.key().equals(e.key())) {
                    continue;
                }
                Summary s = c.summary();
                html.append("<tr data-group=\"").append(esc(c.key().id())).append("\" data-provider=\"")
                        .append(esc(c.key().provider())).append("\"><td>").append(esc(c.key().label()))
                        .append("</td><td class=\"num\">").append(s.n()).append("</td><td class=\"num\">")
                        .append(Svg.time(s.mean())).append("</td><td class=\"num\">").append(Svg.time(s.median()))
                        .append("</td><td class=\"num\">").append(Svg.time(s.sd())).append("</td><td class=\"num\">")
                        .append(s.hasInterval() ? Svg.time(s.ciLow()) + " – " + Svg.time(s.ciHigh()) : "– (one task)")
                        .append("</td><td class=\"num\">").append(fixed(c.relativeToFastest(), 3))
                        .append("</td><td class=\"num\">").append(fixed(c.withinTaskCvPct(), 1)).append(" %</td>")
                        .append("<td class=\"num\">").append(c.iterationCount()).append("</td></tr>");
            }
        }
        html.append("</tbody></table>\n");
    }

    private static void facts(StringBuilder html, Report report) {
        Report.Facts f = report.facts();
        html.append("<h2 id=\"facts\">Facts of the run").append(report.runs().size() > 1 ? "s" : "")
                .append("</h2><table id=\"facts-table\"><tbody>");
        for (Report.RunInfo run : report.runs()) {
            fact(html, "run " + run.runId(), (run.firstStart() == null ? "start unknown" : run.firstStart().toString())
                    + " → " + (run.lastEnd() == null ? "end unknown" : run.lastEnd().toString()) + " · "
                    + run.usableTasks() + " task(s) with results"
                    + (run.tasksTotal().isPresent() ? " of " + run.tasksTotal().getAsInt() : "")
                    + (run.tasksFailed().isPresent() ? ", " + run.tasksFailed().getAsInt() + " failed" : ""));
        }
        fact(html, "Ruby (ruby -v)", f.rubyVersions().isEmpty() ? "unknown" : String.join(" | ", f.rubyVersions()));
        fact(html, "benchmark suite commit", f.suiteCommits().isEmpty() ? "unknown (mock benchmark or older runner)"
                : String.join(", ", f.suiteCommits()));
        fact(html, "CPU models", f.cpuModels().isEmpty() ? "unknown" : String.join(" | ", f.cpuModels()));
        fact(html, "tasks per instance type", f.runsPerType().entrySet().stream()
                .map(en -> en.getKey() + ": " + en.getValue()).collect(Collectors.joining(", ")));
        for (Report.Entry e : report.ranking()) {
            e.maxCpuStealPct().ifPresent(s -> fact(html, "CPU steal, " + e.key().label(),
                    "at most " + fixed(s, 2) + " % of CPU time during a task"));
        }
        fact(html, "missing or failed", f.missing().isEmpty() ? "nothing" : String.join("\n", f.missing()));
        html.append("</tbody></table>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(esc(name)).append("</th><td>")
                .append(esc(value).replace("\n", "<br>")).append("</td></tr>");
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "–" : value;
    }

    private static String hash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
