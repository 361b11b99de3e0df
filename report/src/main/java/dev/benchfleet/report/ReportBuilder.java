package dev.benchfleet.report;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.report.results.GroupKey;
import dev.benchfleet.report.results.RunResults;
import dev.benchfleet.report.results.TaskFacts;
import dev.benchfleet.report.results.TaskResult;
import dev.benchfleet.report.stats.NeighbourTest;
import dev.benchfleet.report.stats.Summary;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the results of one or more runs into a {@link Report}. The independent unit is the task
 * (one machine or container): iterations inside one process are not independent samples, so each
 * task contributes its mean, and the statistics across types use those means.
 */
public final class ReportBuilder {

    /** Above this CPU steal during a task, the report warns about noisy neighbours. */
    static final double STEAL_WARNING_PCT = 2.0;

    private final Clock clock;
    private final PriceList prices;

    public ReportBuilder(Clock clock, PriceList prices) {
        this.clock = clock;
        this.prices = prices;
    }

    /**
     * @throws ConfigException when no run holds a single usable task (naming each folder and why)
     */
    public Report build(List<RunResults> runs) {
        List<TaskResult> tasks = runs.stream().flatMap(r -> r.tasks().stream()).toList();
        if (tasks.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            for (RunResults run : runs) {
                String where = run.directory().toString();
                problems.add(new Problem(where, "holds no completed task with a usable output.json"));
                run.problems().forEach(p -> problems.add(new Problem(where, p)));
            }
            throw new ConfigException("the report", problems);
        }
        List<String> notes = new ArrayList<>();
        Map<GroupKey, List<TaskResult>> groups = new TreeMap<>();
        tasks.forEach(t -> groups.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t));
        List<GroupKey> keys = List.copyOf(groups.keySet());

        Set<String> names = new LinkedHashSet<>();
        tasks.forEach(t -> names.addAll(t.iterations().keySet()));
        List<Report.BenchmarkStats> benchmarks = new ArrayList<>();
        for (String name : names) {
            benchmarks.add(benchmark(name, keys, groups));
        }
        List<Report.BenchmarkStats> scored = benchmarks.stream().filter(Report.BenchmarkStats::inScore).toList();
        for (Report.BenchmarkStats b : benchmarks) {
            if (!b.inScore()) {
                notes.add("Benchmark '" + b.name() + "' has results for " + b.cells().size() + " of " + keys.size()
                        + " instance types (missing on " + labels(b.missing()) + "): shown, but left out of the score.");
            }
        }
        if (scored.isEmpty()) {
            notes.add("No benchmark has results on every instance type, so no overall score can be computed; "
                    + "compare the per-benchmark charts.");
        }

        List<Report.Entry> unranked = new ArrayList<>();
        for (GroupKey key : keys) {
            unranked.add(entry(key, groups.get(key), scored, notes));
        }
        unranked.sort(Comparator.comparingDouble((Report.Entry e) -> Double.isNaN(e.score()) ? Double.MAX_VALUE : e.score())
                .thenComparing(Report.Entry::key));
        double best = unranked.stream().mapToDouble(Report.Entry::score).filter(s -> !Double.isNaN(s)).min()
                .orElse(Double.NaN);
        List<Report.Entry> ranking = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            Report.Entry e = unranked.get(i);
            double relative = e.score() / best;
            Optional<Double> perDollar = e.pricePerHour().filter(p -> p > 0 && !Double.isNaN(relative))
                    .map(p -> (1 / relative) / p);
            ranking.add(new Report.Entry(i + 1, e.key(), e.instanceType(), e.arch(), e.vcpus(), e.cpuModel(),
                    e.threadsPerCore(), e.tasks(), e.runIds(), e.score(), e.scoreSummary(), relative, e.totalTime(),
                    e.pricePerHour(), perDollar, e.maxCpuStealPct(), e.taskScores()));
        }

        List<Report.Neighbours> neighbours = new ArrayList<>();
        for (int i = 1; i < ranking.size(); i++) {
            Report.Entry faster = ranking.get(i - 1);
            Report.Entry slower = ranking.get(i);
            neighbours.add(new Report.Neighbours(faster.key(), slower.key(),
                    NeighbourTest.compare(faster.taskScores(), slower.taskScores())));
        }

        List<Report.RunInfo> runInfos = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunResults run : runs) {
            List<TaskResult> own = run.tasks();
            Instant first = own.stream().map(t -> t.facts().startTime()).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            Instant last = own.stream().map(t -> t.facts().endTime()).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
            runInfos.add(new Report.RunInfo(run.runId(), first, last, run.usableTasks(), run.tasksTotal(),
                    run.tasksFailed(), run.problems()));
            if (own.isEmpty()) {
                notes.add("Run " + run.runId() + " has no completed task with usable results (" + run.directory() + ").");
            }
            run.tasksFailed().ifPresent(failed -> {
                if (failed > 0) {
                    missing.add("run " + run.runId() + ": " + failed + " task(s) failed (see status/" + run.runId() + ".json)");
                }
            });
            run.tasksTotal().ifPresent(total -> {
                long absent = total - run.usableTasks() - run.tasksFailed().orElse(0);
                if (absent > 0) {
                    missing.add("run " + run.runId() + ": " + absent + " of " + total + " task(s) have no usable results");
                }
            });
            run.problems().forEach(p -> missing.add("run " + run.runId() + ": " + p));
        }

        for (Report.Entry e : ranking) {
            if (e.merged()) {
                notes.add(e.key().label() + ": tasks of runs " + String.join(", ", e.runIds()) + " merged ("
                        + e.tasks() + " tasks).");
            }
        }
        Map<String, Set<String>> rubyByVersion = new TreeMap<>();
        for (TaskResult t : tasks) {
            String version = Objects.requireNonNullElse(t.facts().rubyDescription(), "unknown");
            rubyByVersion.computeIfAbsent(version, v -> new LinkedHashSet<>()).add("run " + t.runId());
        }
        if (rubyByVersion.size() > 1) {
            notes.add("The tasks ran different Ruby versions, so their times are not directly comparable: "
                    + rubyByVersion.entrySet().stream().map(en -> en.getKey() + " (" + String.join(", ", en.getValue()) + ")")
                    .collect(Collectors.joining("; ")) + ".");
        }
        for (Report.Entry e : ranking) {
            e.maxCpuStealPct().filter(s -> s > STEAL_WARNING_PCT).ifPresent(s -> notes.add(String.format(Locale.ROOT,
                    "%s: up to %.1f %% of CPU time was stolen by the hypervisor during a task (noisy neighbours); "
                            + "its times may be inflated.", e.key().label(), s)));
        }

        Map<String, Integer> runsPerType = new LinkedHashMap<>();
        ranking.forEach(e -> runsPerType.put(e.key().label(), e.tasks()));
        Report.Facts facts = new Report.Facts(List.copyOf(rubyByVersion.keySet()),
                distinct(tasks, f -> f.suiteCommit()), distinct(tasks, f -> f.cpuModel()), runsPerType, missing);
        return new Report(clock.instant(), runInfos, ranking, benchmarks, neighbours, facts, notes);
    }

    private static Report.BenchmarkStats benchmark(String name, List<GroupKey> keys, Map<GroupKey, List<TaskResult>> groups) {
        List<Report.Cell> cells = new ArrayList<>();
        List<GroupKey> missing = new ArrayList<>();
        for (GroupKey key : keys) {
            List<TaskResult> withIt = groups.get(key).stream().filter(t -> t.iterations().containsKey(name)).toList();
            if (withIt.isEmpty()) {
                missing.add(key);
                continue;
            }
            double[] means = new double[withIt.size()];
            List<double[]> iterations = new ArrayList<>();
            double cvSum = 0;
            int count = 0;
            for (int i = 0; i < withIt.size(); i++) {
                double[] times = withIt.get(i).iterations().get(name).stream().mapToDouble(Double::doubleValue).toArray();
                iterations.add(times);
                Summary within = Summary.of(times);
                means[i] = within.mean();
                cvSum += Double.isNaN(within.sd()) ? 0 : 100 * within.sd() / within.mean();
                count += times.length;
            }
            cells.add(new Report.Cell(key, Summary.of(means), Double.NaN, means, iterations, cvSum / withIt.size(), count));
        }
        Report.Cell fastest = cells.stream().min(Comparator.comparingDouble(c -> c.summary().mean())).orElseThrow();
        List<Report.Cell> relative = cells.stream().map(c -> new Report.Cell(c.key(), c.summary(),
                c.summary().mean() / fastest.summary().mean(), c.taskMeans(), c.iterations(), c.withinTaskCvPct(),
                c.iterationCount())).toList();
        return new Report.BenchmarkStats(name, missing.isEmpty(), fastest.key(), relative, missing);
    }

    private Report.Entry entry(GroupKey key, List<TaskResult> tasks, List<Report.BenchmarkStats> scored, List<String> notes) {
        double logSum = 0;
        double total = 0;
        for (Report.BenchmarkStats b : scored) {
            Report.Cell cell = cell(b, key);
            logSum += Math.log(cell.relativeToFastest());
            total += cell.summary().mean();
        }
        double score = scored.isEmpty() ? Double.NaN : Math.exp(logSum / scored.size());
        List<Double> taskScores = new ArrayList<>();
        int incomplete = 0;
        for (TaskResult task : tasks) {
            if (scored.isEmpty()) {
                break;
            }
            double taskLogSum = 0;
            boolean complete = true;
            for (Report.BenchmarkStats b : scored) {
                List<Double> times = task.iterations().get(b.name());
                if (times == null) {
                    complete = false;
                    break;
                }
                double mean = times.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                taskLogSum += Math.log(mean / cell(b, b.fastest()).summary().mean());
            }
            if (complete) {
                taskScores.add(Math.exp(taskLogSum / scored.size()));
            } else {
                incomplete++;
            }
        }
        if (incomplete > 0) {
            notes.add(key.label() + ": " + incomplete + " task(s) lack some scored benchmark and are left out of its "
                    + "per-task scores.");
        }
        double[] scores = taskScores.stream().mapToDouble(Double::doubleValue).toArray();
        if (scored.isEmpty()) {
            total = tasks.stream().flatMap(t -> t.iterations().values().stream())
                    .mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average().orElse(0)).sum() / tasks.size();
        }
        List<String> runIds = tasks.stream().map(TaskResult::runId).distinct().toList();
        String instanceType = tasks.stream().map(TaskResult::instanceType).distinct().collect(Collectors.joining(", "));
        Optional<Double> price = tasks.stream().map(t -> t.facts().pricePerHour()).filter(Objects::nonNull).findFirst()
                .or(() -> prices.lookup(key.provider(), tasks.get(0).instanceType(), key.alias()));
        Optional<Double> steal = tasks.stream().map(t -> t.facts().cpuStealPct()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        return new Report.Entry(0, key, instanceType, first(tasks, TaskFacts::arch), first(tasks, TaskFacts::vcpus),
                first(tasks, TaskFacts::cpuModel), first(tasks, TaskFacts::threadsPerCore), tasks.size(), runIds, score,
                scores.length == 0 ? Optional.empty() : Optional.of(Summary.of(scores)), Double.NaN, total, price,
                Optional.empty(), steal, scores);
    }

    private static Report.Cell cell(Report.BenchmarkStats b, GroupKey key) {
        return b.cells().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    private static <T> T first(List<TaskResult> tasks, Function<TaskFacts, T> field) {
        return tasks.stream().map(t -> field.apply(t.facts())).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static List<String> distinct(List<TaskResult> tasks, Function<TaskFacts, String> field) {
        return tasks.stream().map(t -> field.apply(t.facts())).filter(Objects::nonNull).distinct().sorted().toList();
    }

    private static String labels(List<GroupKey> keys) {
        return keys.stream().map(GroupKey::label).collect(Collectors.joining(", "));
    }
}
