package dev.benchfleet.taskrunner.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.taskrunner.heartbeat.TaskProgress;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.AssignedTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockBenchmarkTest {

    @TempDir
    Path work;

    private final AssignedTask task = new AssignedTask(new TaskId("7", true), "local", "c7g.large", "c7g", 2, "3.4.1");
    private final TaskProgress progress = new TaskProgress(HeartbeatStatus.RUNNING);
    private final List<String> seen = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private BenchmarkContext context() {
        return new BenchmarkContext(task, work, progress, status -> { });
    }

    /** The mock's clock: moves only when it sleeps, by what it asked plus {@link #wakesLate}. */
    private long now;
    private Duration wakesLate = Duration.ZERO;

    private MockBenchmark mock(boolean fail) {
        return new MockBenchmark(Duration.ofMillis(600), fail, d -> {
            sleeps.add(d);
            now += d.plus(wakesLate).toNanos();
            seen.add(progress.snapshot().currentBenchmark() + "@" + progress.snapshot().progressPct());
        }, () -> now);
    }

    @Test
    void timeLostBetweenStepsComesOutOfTheNextSleepSoTheMockTakesItsDuration() throws Exception {
        wakesLate = Duration.ofMillis(7);

        mock(false).run(context());

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(93), Duration.ofMillis(93),
                Duration.ofMillis(93), Duration.ofMillis(93), Duration.ofMillis(93));
        assertThat(Duration.ofNanos(now)).as("only the last step's lateness is left").isEqualTo(Duration.ofMillis(607));
    }

    @Test
    void writesPlausibleOutputsAndReportsProgress() throws Exception {
        mock(false).run(context());

        assertThat(seen).containsExactly("fib@0", "nbody@16", "binarytrees@33", "optcarrot@50", "liquid-render@66",
                "railsbench@83");
        assertThat(sleeps).hasSize(6).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(100)));
        assertThat(progress.snapshot().progressPct()).isEqualTo(100);
        assertThat(Files.readString(work.resolve("output.txt"))).startsWith("ruby: ruby 3.4.1").contains("railsbench");
        JsonNode json = new ObjectMapper().readTree(work.resolve("output.json").toFile());
        assertThat(json.path("raw_data").path("ruby").size()).isEqualTo(6);
        assertThat(Files.readAllLines(work.resolve("output.csv"))).hasSize(2 + 1 + 6);
        assertThat(Files.readString(work.resolve("benchmark.log"))).contains("Running benchmark \"fib\" (1/6)");
    }

    @Test
    void sameTaskSameNumbers() throws Exception {
        mock(false).run(context());
        String first = Files.readString(work.resolve("output.txt"));
        mock(false).run(context());
        assertThat(Files.readString(work.resolve("output.txt"))).isEqualTo(first);
    }

    @Test
    void anAliasIsAboutEquallyFastInEveryTaskAndAliasesDiffer() throws Exception {
        double[] c7g = new double[3];
        for (int run = 0; run < 3; run++) {
            c7g[run] = meanOf(new AssignedTask(new TaskId(String.valueOf(100 + run), true), "aws", "c7g.large", "c7g",
                    run + 1, "3.4.1"), "fib");
        }
        double laptop = meanOf(new AssignedTask(new TaskId("200", true), "local", "local", "laptop", 1, "3.4.1"), "fib");
        for (double t : c7g) {
            assertThat(t / c7g[0]).isBetween(0.95, 1.05);
        }
        assertThat(Math.abs(laptop / c7g[0] - 1)).as("different aliases differ beyond the noise")
                .isGreaterThan(0.06);
        assertThat(MockBenchmark.aliasFactor("c7g", "fib")).isEqualTo(MockBenchmark.aliasFactor("c7g", "fib"))
                .isBetween(0.66, 1.6);
    }

    private double meanOf(AssignedTask info, String benchmark) throws Exception {
        Path dir = Files.createTempDirectory(work, "t");
        new MockBenchmark(Duration.ZERO, false, d -> { })
                .run(new BenchmarkContext(info, dir, new TaskProgress(HeartbeatStatus.RUNNING), status -> { }));
        JsonNode times = new ObjectMapper().readTree(dir.resolve("output.json").toFile())
                .path("raw_data").path("ruby").path(benchmark).path("bench");
        double sum = 0;
        for (JsonNode t : times) {
            sum += t.asDouble();
        }
        return sum / times.size();
    }

    @Test
    void yjitAndNamesFromTheSettingsShapeTheOutput() throws Exception {
        AssignedTask yjit = new AssignedTask(new TaskId("9", true), "local", "local", "here", 1, "3.4.1",
                new ObjectMapper().readTree("{\"names\": [\"fib\", \"nbody\"], \"yjit\": true}"));
        BenchmarkContext context = new BenchmarkContext(yjit, work, progress, status -> { });
        new MockBenchmark(Duration.ZERO, false, d -> { }).run(context);
        JsonNode json = new ObjectMapper().readTree(work.resolve("output.json").toFile());
        assertThat(json.path("raw_data").path("yjit").size()).isEqualTo(2);
        assertThat(json.path("raw_data").path("yjit").path("fib").path("RUBY_DESCRIPTION").asText()).contains("+YJIT");
        assertThat(context.facts().get("ruby_description")).contains("+YJIT");
    }

    @Test
    void failsHalfwayOnlyWhenAsked() {
        assertThatThrownBy(() -> mock(true).run(context()))
                .isInstanceOf(BenchmarkFailedException.class)
                .hasMessageContaining("BENCHFLEET_MOCK_FAIL")
                .satisfies(e -> assertThat(((BenchmarkFailedException) e).details()).contains("optcarrot"));
        assertThat(work.resolve("output.txt")).doesNotExist();
    }
}
