package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real path, no mock anywhere: {@code runner.jar} starts the real orchestrator and two real task
 * runners (process runtime, one per instance entry), which clone a {@code file://} git repository of
 * the trimmed ruby-bench suite (test resources, unmodified) at a pinned commit and run two of its
 * benchmarks with this machine's {@code ruby}. Each task's results hold the suite's own
 * {@code output.json}, and the report ranks the two entries.
 */
class RealRubyBenchIT {

    @TempDir
    Path workDir;

    @Test
    void realTaskRunnersRunTheRealSuiteAndTheReportRanksThem() throws Exception {
        assumeTrue(onPath("ruby") && onPath("git"), "skipped: needs ruby and git on the PATH (.ci/run installs "
                + "Debian's ruby); found ruby=" + onPath("ruby") + ", git=" + onPath("git"));
        Path repo = gitRepositoryOfTheFixture(workDir.resolve("ruby-bench"));
        String commit = git(repo, "rev-parse", "HEAD").strip();
        Path config = Files.writeString(workDir.resolve("real.json"), """
                {"ruby_version": "3.1", "runs_per_instance_type": 2, "task_runners": {"count": 1},
                 "local_orchestrator": true,
                 "local": [{"instance_type": "first", "alias": "first"}, {"instance_type": "second", "alias": "second"}],
                 "benchmark": {"names": ["fib", "nbody"], "repo": "%s", "ref": "%s",
                               "env": {"WARMUP_ITRS": "0", "MIN_BENCH_ITRS": "3", "MIN_BENCH_TIME": "0"}}}
                """.formatted("file://" + repo.toAbsolutePath(), commit));

        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LocalRuns.examplesDir().resolve("runner.jar").toString(), "-c", config.toString()))
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().put("BENCHFLEET_LOCAL_RUNTIME", "process");
        builder.environment().put("BENCHFLEET_HEARTBEAT_INTERVAL", "1s");
        Process runner = builder.start();
        try {
            assertThat(runner.waitFor(5, TimeUnit.MINUTES)).as("the real run finishes within 5 minutes").isTrue();
        } finally {
            runner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stderr = Files.readString(workDir.resolve("stderr.txt"));
        assertThat(runner.exitValue()).as(stderr).isZero();
        String stdout = Files.readString(workDir.resolve("stdout.txt")).strip();
        JsonNode summary = LocalRuns.JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        String runId = summary.get("run_id").asText();
        Path results = workDir.resolve("results").resolve(runId);

        List<Path> tasks = LocalRuns.taskFolders(results);
        assertThat(tasks).hasSize(4);
        Set<String> aliases = new TreeSet<>();
        for (Path task : tasks) {
            JsonNode output = LocalRuns.JSON.readTree(task.resolve("output.json").toFile());
            JsonNode raw = output.path("raw_data").path("ruby");
            assertThat(raw.path("fib").path("bench").size()).as(task + "/output.json").isGreaterThanOrEqualTo(3);
            assertThat(raw.path("nbody").path("bench").size()).isGreaterThanOrEqualTo(3);
            assertThat(raw.path("fib").path("RUBY_DESCRIPTION").asText()).startsWith("ruby ");
            assertThat(raw.path("fib").path("command_line").asText()).contains("benchmarks/fib.rb");
            JsonNode metadata = LocalRuns.JSON.readTree(task.resolve("metadata.json").toFile());
            assertThat(metadata.get("status").asText()).isEqualTo("success");
            assertThat(metadata.get("suite_commit").asText()).isEqualTo(commit);
            assertThat(metadata.get("ruby_description").asText()).startsWith("ruby ");
            assertThat(metadata.get("benchmarks").asText()).isEqualTo("fib,nbody");
            assertThat(metadata.has("cpu_steal_pct")).isTrue();
            aliases.add(metadata.get("alias").asText());
        }
        assertThat(aliases).containsExactly("first", "second");

        Path reportPath = Path.of(summary.get("report_path").asText());
        assertThat(reportPath).isEqualTo(results.resolve("report.html")).isNotEmptyFile();
        JsonNode report = LocalRuns.JSON.readTree(results.resolve("report.json").toFile());
        assertThat(report.get("ranking")).hasSize(2);
        assertThat(report.get("ranking").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(report.get("ranking").get(0).get("score").asDouble()).isGreaterThanOrEqualTo(1.0);
        List<String> ranked = new ArrayList<>();
        report.get("ranking").forEach(e -> ranked.add(e.get("alias").asText()));
        assertThat(ranked).containsExactlyInAnyOrder("first", "second");
        assertThat(report.get("benchmarks")).extracting(b -> b.get("name").asText()).containsExactly("fib", "nbody");
        for (JsonNode b : report.get("benchmarks")) {
            assertThat(b.get("results")).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("n").asInt()).isEqualTo(2);
                assertThat(r.get("ci95_s")).hasSize(2);
            });
        }
        assertThat(report.get("facts").get("suite_commits")).hasSize(1);
        assertThat(report.get("facts").get("suite_commits").get(0).asText()).isEqualTo(commit);
        assertThat(stderr).contains("==> Report: " + reportPath).contains("local/first").contains("local/second");
    }

    /** A git repository holding a copy of the fixture, as a user's clone of ruby-bench would be. */
    private static Path gitRepositoryOfTheFixture(Path target) throws Exception {
        Path fixture = LocalRuns.examplesDir().resolve("src/test/resources/ruby-bench");
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path source : walk.toList()) {
                Path copy = target.resolve(fixture.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        git(target, "init", "-q");
        git(target, "add", "-A");
        git(target, "-c", "user.name=Benchfleet test", "-c", "user.email=test@benchfleet.invalid", "commit", "-q",
                "-m", "trimmed ruby-bench fixture");
        return target;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

}
