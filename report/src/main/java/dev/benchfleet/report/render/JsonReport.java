package dev.benchfleet.report.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.report.Report;
import dev.benchfleet.report.results.GroupKey;
import dev.benchfleet.report.stats.Summary;

import java.util.Optional;

/**
 * {@code report.json}: the same numbers as the page, for scripts. Times in seconds; a value that
 * cannot be known (the interval of a single task) is {@code null}.
 */
public final class JsonReport {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson(Report report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("generated_at", report.generatedAt().toString());
        root.put("score_definition", Report.SCORE_DEFINITION);
        ArrayNode runs = root.putArray("runs");
        for (Report.RunInfo run : report.runs()) {
            ObjectNode node = runs.addObject();
            node.put("run_id", run.runId());
            node.put("first_start", run.firstStart() == null ? null : run.firstStart().toString());
            node.put("last_end", run.lastEnd() == null ? null : run.lastEnd().toString());
            node.put("usable_tasks", run.usableTasks());
            if (run.tasksTotal().isPresent()) {
                node.put("tasks_total", run.tasksTotal().getAsInt());
            } else {
                node.putNull("tasks_total");
            }
            if (run.tasksFailed().isPresent()) {
                node.put("tasks_failed", run.tasksFailed().getAsInt());
            } else {
                node.putNull("tasks_failed");
            }
            run.problems().forEach(node.putArray("problems")::add);
        }
        ArrayNode ranking = root.putArray("ranking");
        for (Report.Entry e : report.ranking()) {
            ObjectNode node = ranking.addObject();
            node.put("rank", e.rank());
            key(node, e.key());
            node.put("instance_type", e.instanceType());
            node.put("arch", e.arch());
            node.put("vcpus", e.vcpus());
            node.put("threads_per_core", e.threadsPerCore());
            node.put("cpu_model", e.cpuModel());
            node.put("tasks", e.tasks());
            e.runIds().forEach(node.putArray("run_ids")::add);
            node.put("merged", e.merged());
            number(node, "score", e.score());
            interval(node, "score_ci95", e.scoreSummary());
            number(node, "relative_to_fastest", e.relativeToFastest());
            number(node, "total_time_s", e.totalTime());
            optional(node, "price_per_hour", e.pricePerHour());
            optional(node, "performance_per_dollar", e.performancePerDollar());
            optional(node, "max_cpu_steal_pct", e.maxCpuStealPct());
            ArrayNode scores = node.putArray("task_scores");
            for (double s : e.taskScores()) {
                scores.add(s);
            }
        }
        ArrayNode neighbours = root.putArray("neighbours");
        for (Report.Neighbours n : report.neighbours()) {
            ObjectNode node = neighbours.addObject();
            node.put("faster", n.faster().label());
            node.put("slower", n.slower().label());
            node.put("verdict", n.verdict().kind().name().toLowerCase(java.util.Locale.ROOT));
            number(node, "p_value", n.verdict().pValue());
            node.put("intervals_overlap", n.verdict().intervalsOverlap());
            node.put("text", n.verdict().describe());
        }
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (Report.BenchmarkStats b : report.benchmarks()) {
            ObjectNode node = benchmarks.addObject();
            node.put("name", b.name());
            node.put("in_score", b.inScore());
            node.put("fastest", b.fastest().label());
            b.missing().forEach(k -> node.withArray("missing_on").add(k.label()));
            ArrayNode results = node.putArray("results");
            for (Report.Cell c : b.cells()) {
                ObjectNode cell = results.addObject();
                key(cell, c.key());
                Summary s = c.summary();
                cell.put("n", s.n());
                number(cell, "mean_s", s.mean());
                number(cell, "median_s", s.median());
                number(cell, "sd_s", s.sd());
                interval(cell, "ci95_s", Optional.of(s));
                number(cell, "relative_to_fastest", c.relativeToFastest());
                ArrayNode means = cell.putArray("task_means_s");
                for (double m : c.taskMeans()) {
                    means.add(m);
                }
                cell.put("iterations", c.iterationCount());
                number(cell, "within_task_cv_pct", c.withinTaskCvPct());
            }
        }
        ObjectNode facts = root.putObject("facts");
        report.facts().rubyVersions().forEach(facts.putArray("ruby_versions")::add);
        report.facts().suiteCommits().forEach(facts.putArray("suite_commits")::add);
        report.facts().cpuModels().forEach(facts.putArray("cpu_models")::add);
        ObjectNode perType = facts.putObject("tasks_per_type");
        report.facts().runsPerType().forEach(perType::put);
        report.facts().missing().forEach(facts.putArray("missing")::add);
        report.notes().forEach(root.putArray("notes")::add);
        return root;
    }

    public String write(Report report) {
        try {
            return mapper.writeValueAsString(toJson(report)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("report.json could not be written", e);
        }
    }

    private static void key(ObjectNode node, GroupKey key) {
        node.put("provider", key.provider());
        node.put("alias", key.alias());
        node.put("variant", key.variant());
        node.put("label", key.label());
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void optional(ObjectNode node, String field, Optional<Double> value) {
        if (value.isPresent()) {
            number(node, field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private static void interval(ObjectNode node, String field, Optional<Summary> summary) {
        if (summary.isPresent() && summary.get().hasInterval()) {
            node.putArray(field).add(summary.get().ciLow()).add(summary.get().ciHigh());
        } else {
            node.putNull(field);
        }
    }
}
