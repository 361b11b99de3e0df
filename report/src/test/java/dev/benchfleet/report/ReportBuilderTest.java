package dev.benchfleet.report;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.report.results.ResultsReader;
import dev.benchfleet.report.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReportBuilderTest {

    private static final String RUBY = "ruby 3.4.7 (2025-10-08 revision 7a5688e2a2) +PRISM [x86_64-linux]";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Report build(String... runIds) {
        ResultsReader reader = new ResultsReader();
        List<RunResults> runs = java.util.Arrays.stream(runIds)
                .map(id -> reader.read(dir.resolve("results"), dir.resolve("status"), id)).toList();
        return new ReportBuilder(CLOCK, PriceList.none()).build(runs);
    }

    private static Map<String, double[]> times(Object... nameThenTimes) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenTimes.length; i += 2) {
            map.put((String) nameThenTimes[i], (double[]) nameThenTimes[i + 1]);
        }
        return map;
    }

    @Test
    void scoreIsTheGeometricMeanOfRatiosToTheFastestWithTasksAsTheUnit() {
        ResultsFixture f = new ResultsFixture(dir);
        // fast: a = 1 s, b = 4 s; slow: a = 2 s (2x), b = 2 s (0.5x, i.e. faster on b)
        for (int t = 0; t < 2; t++) {
            f.task("1", "aws", "fast", RUBY, times("a", new double[] {1, 1}, "b", new double[] {4, 4}), Map.of());
            f.task("1", "aws", "slow", RUBY, times("a", new double[] {2, 2}, "b", new double[] {2, 2}), Map.of());
        }
        f.task("1", "azure", "worst", RUBY, times("a", new double[] {3, 3, 3}, "b", new double[] {6, 2}), Map.of());
        Report report = build("1");

        // fastest a: fast (1 s); fastest b: slow (2 s)
        // fast: sqrt(1 * 2) = 1.414; slow: sqrt(2 * 1) = 1.414; worst: sqrt(3 * 2) = 2.449
        assertThat(report.ranking()).extracting(e -> e.key().alias()).containsExactly("fast", "slow", "worst");
        assertThat(report.ranking().get(0).score()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(report.ranking().get(1).score()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(report.ranking().get(2).score()).isCloseTo(Math.sqrt(6), within(1e-12));
        assertThat(report.ranking().get(2).relativeToFastest()).isCloseTo(Math.sqrt(3), within(1e-12));
        assertThat(report.ranking().get(0).totalTime()).isCloseTo(5, within(1e-12));
        assertThat(report.ranking().get(2).taskScores()).hasSize(1);
        assertThat(report.ranking().get(2).scoreSummary().orElseThrow().hasInterval()).isFalse();

        Report.BenchmarkStats a = report.benchmarks().get(0);
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.inScore()).isTrue();
        Report.Cell worst = a.cells().stream().filter(c -> c.key().alias().equals("worst")).findFirst().orElseThrow();
        assertThat(worst.summary().n()).isEqualTo(1); // one task = one sample, not three iterations
        assertThat(worst.iterationCount()).isEqualTo(3);
        Report.Cell b = report.benchmarks().get(1).cells().stream().filter(c -> c.key().alias().equals("worst"))
                .findFirst().orElseThrow();
        assertThat(b.withinTaskCvPct()).isCloseTo(100 * Math.sqrt(8) / 4, within(1e-9)); // sd of {6,2} / mean 4
        assertThat(report.neighbours()).hasSize(2);
        assertThat(report.facts().rubyVersions()).containsExactly(RUBY);
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void theCiOfABenchmarkComesFromTaskMeans() {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("1", "local", "x", RUBY, times("a", new double[] {0.9, 1.1}), Map.of());
        f.task("1", "local", "x", RUBY, times("a", new double[] {1.8, 2.2}), Map.of());
        f.task("1", "local", "x", RUBY, times("a", new double[] {2.7, 3.3}), Map.of());
        Report.Cell cell = build("1").benchmarks().get(0).cells().get(0);
        assertThat(cell.taskMeans()).containsExactly(1.0, 2.0, 3.0);
        assertThat(cell.summary().ciHigh()).isCloseTo(2 + 4.302652729911275 / Math.sqrt(3), within(1e-9));
    }

    @Test
    void aBenchmarkOnSomeTypesOnlyIsShownButLeftOutOfTheScore() {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("1", "aws", "p", RUBY, times("a", new double[] {1}, "only-p", new double[] {5}), Map.of());
        f.task("1", "aws", "q", RUBY, times("a", new double[] {2}), Map.of());
        Report report = build("1");
        Report.BenchmarkStats onlyP = report.benchmarks().stream().filter(b -> b.name().equals("only-p")).findFirst()
                .orElseThrow();
        assertThat(onlyP.inScore()).isFalse();
        assertThat(onlyP.missing()).extracting(k -> k.alias()).containsExactly("q");
        assertThat(report.ranking().get(0).score()).isEqualTo(1.0);
        assertThat(report.ranking().get(1).score()).isEqualTo(2.0);
        assertThat(report.notes()).anyMatch(n -> n.contains("'only-p'") && n.contains("missing on aws/q")
                && n.contains("left out of the score"));
    }

    @Test
    void missingEmptyAndCorruptOutputsAreNamedAndTheRestStillReports() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        f.type("1", "local", "good", 1.0, 2, 1, Map.of(), "a");
        Path missing = f.task("1", "local", "bad", RUBY, times("a", new double[] {1}), Map.of());
        java.nio.file.Files.delete(missing.resolve("output.json"));
        Path empty = f.task("1", "local", "bad", RUBY, times("a", new double[] {1}), Map.of());
        java.nio.file.Files.writeString(empty.resolve("output.json"), "");
        Path corrupt = f.task("1", "local", "bad", RUBY, times("a", new double[] {1}), Map.of());
        java.nio.file.Files.writeString(corrupt.resolve("output.json"), "{\"raw_data\": {\"ruby\": ");

        Report report = build("1");
        assertThat(report.ranking()).hasSize(1);
        assertThat(report.ranking().get(0).tasks()).isEqualTo(2);
        assertThat(report.facts().missing())
                .anyMatch(m -> m.contains(missing.resolve("output.json").toString()) && m.contains("is missing"))
                .anyMatch(m -> m.contains(empty.resolve("output.json").toString()) && m.contains("is empty"))
                .anyMatch(m -> m.contains(corrupt.resolve("output.json").toString()) && m.contains("not valid JSON"));
    }

    @Test
    void aRunWithNoCompletedTaskIsAnErrorNamingTheFolder() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        Path task = f.task("7", "local", "x", RUBY, times("a", new double[] {1}), Map.of());
        java.nio.file.Files.writeString(task.resolve("output.json"), "not json");
        java.nio.file.Files.createDirectories(dir.resolve("results/8"));
        assertThatThrownBy(() -> build("7"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("results/7").toString())
                .hasMessageContaining("no completed task")
                .hasMessageContaining(task.resolve("output.json") + ": is not valid JSON");
        assertThatThrownBy(() -> build("8")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("results/8").toString());
    }

    @Test
    void anUnknownRunIdIsAnErrorNamingTheFolder() {
        assertThatThrownBy(() -> build("123456789012345678"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("results/123456789012345678").toString())
                .hasMessageContaining("no such folder");
        assertThatThrownBy(() -> build("../etc")).isInstanceOf(ConfigException.class).hasMessageContaining("not a run id");
    }

    @Test
    void twoRunsMergeTheSameProviderAndAliasAndSayWhenRubyDiffers() {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("100", "aws", "c7g", RUBY, times("a", new double[] {1.0}), Map.of());
        f.task("100", "aws", "c7i", RUBY, times("a", new double[] {1.5}), Map.of());
        f.task("200", "aws", "c7g", "ruby 3.3.0 [x86_64-linux]", times("a", new double[] {1.2}), Map.of());
        Report report = build("100", "200");
        Report.Entry c7g = report.ranking().stream().filter(e -> e.key().alias().equals("c7g")).findFirst().orElseThrow();
        assertThat(c7g.merged()).isTrue();
        assertThat(c7g.runIds()).containsExactly("100", "200");
        assertThat(c7g.tasks()).isEqualTo(2);
        assertThat(report.ranking()).hasSize(2);
        assertThat(report.notes()).anyMatch(n -> n.contains("aws/c7g") && n.contains("merged") && n.contains("100, 200"));
        assertThat(report.notes()).anyMatch(n -> n.contains("different Ruby versions") && n.contains("ruby 3.3.0")
                && n.contains("run 200"));
        assertThat(report.facts().rubyVersions()).hasSize(2);
    }

    @Test
    void yjitIsItsOwnLabelledVariant() {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("1", "local", "m", "m.type", "ruby", RUBY, times("a", new double[] {2}), Map.of());
        f.task("1", "local", "m", "m.type", "yjit", RUBY + " +YJIT", times("a", new double[] {1}), Map.of("yjit", true));
        Report report = build("1");
        assertThat(report.ranking()).extracting(e -> e.key().label()).containsExactly("local/m [yjit]", "local/m");
    }

    @Test
    void pricesGivePerformancePerDollarFromTheListOrTheMetadata() {
        ResultsFixture f = new ResultsFixture(dir);
        f.type("1", "aws", "fast", 1.0, 3, 1, Map.of(), "a", "b");
        f.type("1", "aws", "cheap", 2.0, 3, 2, Map.of("price_per_hour", 0.05), "a", "b");
        f.type("1", "aws", "mid", 1.5, 3, 3, Map.of(), "a", "b");
        ResultsReader reader = new ResultsReader();
        Report report = new ReportBuilder(CLOCK, new PriceList(Map.of("aws/fast.type", 0.40, "mid.type", 0.30)))
                .build(List.of(reader.read(dir.resolve("results"), dir.resolve("status"), "1")));
        assertThat(report.hasPrices()).isTrue();
        Report.Entry cheap = report.ranking().get(2);
        assertThat(cheap.key().alias()).isEqualTo("cheap");
        assertThat(cheap.pricePerHour()).contains(0.05);
        assertThat(cheap.performancePerDollar().orElseThrow())
                .isCloseTo(1 / cheap.relativeToFastest() / 0.05, within(1e-9));
        assertThat(report.ranking().get(0).pricePerHour()).contains(0.40);
        assertThat(report.ranking().get(1).pricePerHour()).contains(0.30);
    }
}
