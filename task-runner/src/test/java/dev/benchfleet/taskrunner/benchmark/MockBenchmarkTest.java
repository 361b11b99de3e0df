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

    private MockBenchmark mock(boolean fail) {
        return new MockBenchmark(Duration.ofMillis(600), fail, d -> {
            sleeps.add(d);
            seen.add(progress.snapshot().currentBenchmark() + "@" + progress.snapshot().progressPct());
        });
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
    void failsHalfwayOnlyWhenAsked() {
        assertThatThrownBy(() -> mock(true).run(context()))
                .isInstanceOf(BenchmarkFailedException.class)
                .hasMessageContaining("BENCHFLEET_MOCK_FAIL")
                .satisfies(e -> assertThat(((BenchmarkFailedException) e).details()).contains("optcarrot"));
        assertThat(work.resolve("output.txt")).doesNotExist();
    }
}
