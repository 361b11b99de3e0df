package dev.benchfleet.report;

import dev.benchfleet.report.results.GroupKey;
import dev.benchfleet.report.stats.NeighbourTest;
import dev.benchfleet.report.stats.Summary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A finished comparison: the ranking, per-benchmark statistics and the facts of the runs it covers.
 * Built by {@link ReportBuilder}; written by the renderers. All times are in seconds.
 */
public record Report(Instant generatedAt, List<RunInfo> runs, List<Entry> ranking, List<BenchmarkStats> benchmarks,
                     List<Neighbours> neighbours, Facts facts, List<String> notes) {

    public Report {
        runs = List.copyOf(runs);
        ranking = List.copyOf(ranking);
        benchmarks = List.copyOf(benchmarks);
        neighbours = List.copyOf(neighbours);
        notes = List.copyOf(notes);
    }

    /** How the overall score is defined, for every output format. */
    public static final String SCORE_DEFINITION = "geometric mean over the benchmarks every instance type ran of "
            + "(its mean time / the fastest type's mean time); 1.000 = fastest on every benchmark, lower is better";

    /** Whether any entry has a price, which enables the price columns and the speed-versus-price chart. */
    public boolean hasPrices() {
        return ranking.stream().anyMatch(e -> e.pricePerHour().isPresent());
    }

    /** One run read for this report. */
    public record RunInfo(String runId, Instant firstStart, Instant lastEnd, long usableTasks,
                          OptionalInt tasksTotal, OptionalInt tasksFailed, List<String> problems) {
        public RunInfo {
            problems = List.copyOf(problems);
        }
    }

    /**
     * One ranked instance type (provider + alias + Ruby variant).
     *
     * @param score              geometric mean of time ratios against the fastest; NaN when no benchmark is common
     * @param scoreSummary       statistics of the per-task scores (each task scored the same way), when any
     * @param relativeToFastest  score / the best score
     * @param totalTime          sum of the mean times of the scored benchmarks
     * @param taskScores         per-task scores, the samples of the neighbour test
     */
    public record Entry(int rank, GroupKey key, String instanceType, String arch, Integer vcpus, String cpuModel,
                        Integer threadsPerCore, int tasks, List<String> runIds, double score,
                        Optional<Summary> scoreSummary, double relativeToFastest, double totalTime,
                        Optional<Double> pricePerHour, Optional<Double> performancePerDollar,
                        Optional<Double> maxCpuStealPct, double[] taskScores) {
        public Entry {
            runIds = List.copyOf(runIds);
            taskScores = taskScores.clone();
        }

        /** Tasks came from more than one run. */
        public boolean merged() {
            return runIds.size() > 1;
        }
    }

    /** One benchmark across instance types. {@code inScore} is false when some type lacks it. */
    public record BenchmarkStats(String name, boolean inScore, GroupKey fastest, List<Cell> cells,
                                 List<GroupKey> missing) {
        public BenchmarkStats {
            cells = List.copyOf(cells);
            missing = List.copyOf(missing);
        }
    }

    /**
     * One benchmark on one instance type.
     *
     * @param summary         across tasks, of each task's mean iteration time
     * @param taskMeans       each task's mean iteration time
     * @param iterations      each task's iteration times
     * @param withinTaskCvPct mean over tasks of the iterations' coefficient of variation, in %
     */
    public record Cell(GroupKey key, Summary summary, double relativeToFastest, double[] taskMeans,
                       List<double[]> iterations, double withinTaskCvPct, int iterationCount) {
        public Cell {
            taskMeans = taskMeans.clone();
            iterations = List.copyOf(iterations);
        }
    }

    /** Two neighbours of the ranking and whether they differ beyond the noise. */
    public record Neighbours(GroupKey faster, GroupKey slower, NeighbourTest.Verdict verdict) {
    }

    /**
     * @param runsPerType tasks per instance type label
     * @param missing     what is missing or failed, in words, each naming the file or run
     */
    public record Facts(List<String> rubyVersions, List<String> suiteCommits, List<String> cpuModels,
                        Map<String, Integer> runsPerType, List<String> missing) {
        public Facts {
            rubyVersions = List.copyOf(rubyVersions);
            suiteCommits = List.copyOf(suiteCommits);
            cpuModels = List.copyOf(cpuModels);
            runsPerType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runsPerType));
            missing = List.copyOf(missing);
        }
    }
}
