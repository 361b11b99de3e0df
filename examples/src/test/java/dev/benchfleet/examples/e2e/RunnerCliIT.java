package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.examples.e2e.RunnerJar.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar examples/runner.jar ...} as a user runs it: a real child process. */
class RunnerCliIT {

    @TempDir
    Path workDir;

    @Test
    void theMainJobRunsToExitZeroWithResultsOnDisk() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");

        Result result = run(Map.of("BENCHFLEET_MOCK_DURATION", "300ms", "BENCHFLEET_LOCAL_RUNTIME", "process"),
                "-c", config.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode summary = LocalRuns.JSON.readTree(result.lastStdoutLine());
        assertThat(summary.path("status").asText()).isEqualTo("completed");
        assertThat(summary.path("exit_code").asInt()).isZero();
        String runId = summary.path("run_id").asText();
        Path results = workDir.resolve("results").resolve(runId);
        assertThat(summary.path("results_dir").asText()).isEqualTo(results.toString());
        assertThat(LocalRuns.taskFolders(results)).hasSize(4).allSatisfy(folder -> {
            assertThat(folder.resolve("output.txt")).isNotEmptyFile();
            assertThat(folder.resolve("metadata.json")).isNotEmptyFile();
        });
        assertThat(workDir.resolve("status").resolve(runId + ".json")).isNotEmptyFile();
        assertThat(result.stderr()).contains("runtime: process").contains("Created run " + runId);

        // the report: written at the end, named in the summary, ranked on stderr
        assertThat(summary.path("report_path").asText()).isEqualTo(results.resolve("report.html").toString());
        List<String> fields = new java.util.ArrayList<>();
        summary.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("scripts read these in order; new fields go last").containsExactly("run_id",
                "orchestrator_url", "dashboard_url", "status_file", "results_dir", "status", "tasks", "exit_code",
                "report_path", "instance_hours");
        assertThat(results.resolve("report.html")).isNotEmptyFile();
        assertThat(results.resolve("summary.csv")).isNotEmptyFile();
        JsonNode report = LocalRuns.readJson(results.resolve("report.json"));
        assertThat(report.get("ranking")).hasSize(1);
        assertThat(report.get("ranking").get(0).get("alias").asText()).isEqualTo("this-machine");
        assertThat(report.get("ranking").get(0).get("tasks").asInt()).isEqualTo(4);
        assertThat(report.get("benchmarks")).hasSize(6).allSatisfy(b -> assertThat(b.get("results").get(0).get("ci95_s"))
                .hasSize(2));
        assertThat(result.stderr()).contains("==> Report: " + results.resolve("report.html")).contains("local/this-machine");

        // report <run_id> again, and two runs merged (a copy of this one stands in for a second run)
        Path copy = workDir.resolve("results").resolve("100000000000000001");
        copyTree(results, copy);
        Files.delete(copy.resolve("report.html"));
        Result again = run(Map.of(), "report", runId);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(LocalRuns.JSON.readTree(again.lastStdoutLine()).get("report_path").asText())
                .isEqualTo(results.resolve("report.html").toString());
        Result merged = run(Map.of(), "report", runId, "100000000000000001");
        assertThat(merged.exitCode()).as(merged.stderr()).isZero();
        JsonNode mergedReport = LocalRuns.readJson(workDir.resolve("reports").resolve(runId + "+100000000000000001")
                .resolve("report.json"));
        assertThat(mergedReport.get("ranking")).hasSize(1);
        assertThat(mergedReport.get("ranking").get(0).get("merged").asBoolean()).isTrue();
        assertThat(mergedReport.get("ranking").get(0).get("tasks").asInt()).isEqualTo(8);
        assertThat(merged.stderr()).contains("merged");
    }

    @Test
    void reportOfAnUnknownRunExitsOneNamingTheFolder() throws Exception {
        Result unknown = run(Map.of(), "report", "123456789012345678");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("error: ").contains(workDir.resolve("results").resolve("123456789012345678")
                .toString()).contains("no such folder").doesNotContain("Exception");
        Path prices = Files.writeString(workDir.resolve("prices.json"), "{\"aws/c7g.medium\": \"cheap\"}");
        Result badPrices = run(Map.of(), "report", "123456789012345678", "--prices", prices.toString());
        assertThat(badPrices.exitCode()).isEqualTo(1);
        assertThat(badPrices.stderr()).contains(prices + ": aws/c7g.medium: must be a positive number of USD per hour");
        Result none = run(Map.of(), "report");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("Missing required parameter");
        assertThat(workDir.resolve("reports")).doesNotExist();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Test
    void ctrlCStopsTheRunAndLeavesNoRunnerBehind() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");
        ProcessBuilder builder = new ProcessBuilder(RunnerJar.commandTakingCtrlC("-c", config.toString())).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().putAll(Map.of("BENCHFLEET_MOCK_DURATION", "60s", "BENCHFLEET_LOCAL_RUNTIME", "process"));
        Process runner = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(workDir.resolve("stderr.txt")).contains("Monitoring run")) {
                assertThat(System.nanoTime()).as("the run reached monitoring").isLessThan(deadline);
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(runner.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(runner.waitFor(2, TimeUnit.MINUTES)).as("the runner stops after Ctrl-C").isTrue();
        } finally {
            runner.destroyForcibly();
        }

        String stdout = Files.readString(workDir.resolve("stdout.txt")).strip();
        JsonNode summary = LocalRuns.JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        assertThat(runner.exitValue()).isEqualTo(2);
        assertThat(summary.path("status").asText()).isEqualTo("cancelled");
        String runId = summary.path("run_id").asText();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(runId)).orElse(false)))
                .as("no task runner of the run is left").isEmpty();
        assertThat(Files.readString(workDir.resolve("stderr.txt"))).contains("Tearing down local");
    }

    @Test
    void aSecondCtrlCStopsWaitingAndSaysHowToNukeLater() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");
        ProcessBuilder builder = new ProcessBuilder(RunnerJar.commandTakingCtrlC("-c", config.toString())).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        // Runners that ignore SIGTERM make the first Ctrl-C's teardown wait out its grace, so the second Ctrl-C
        // surely arrives while runners are still being removed (a prompt teardown would end the run with 2).
        Path stubbornJava = Files.writeString(workDir.resolve("java-ignoring-term"), "#!/bin/sh\ntrap '' TERM\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertThat(stubbornJava.toFile().setExecutable(true)).isTrue();
        builder.environment().putAll(Map.of("BENCHFLEET_MOCK_DURATION", "60s", "BENCHFLEET_LOCAL_RUNTIME", "process",
                "BENCHFLEET_JAVA", stubbornJava.toString()));
        Process runner = builder.start();
        String runId;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // the local runners start while the orchestrator comes up: set up is not yet monitoring
            while (!Files.readString(workDir.resolve("stderr.txt")).contains("local is set up")
                    || !Files.readString(workDir.resolve("stderr.txt")).contains("Monitoring run")) {
                assertThat(System.nanoTime()).as("the run reached monitoring").isLessThan(deadline);
                Thread.sleep(100);
            }
            runId = Files.list(workDir.resolve(".benchfleet/runs")).findFirst().orElseThrow().getFileName().toString();
            new ProcessBuilder("kill", "-INT", String.valueOf(runner.pid())).start().waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("kill", "-INT", String.valueOf(runner.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(runner.waitFor(1, TimeUnit.MINUTES)).as("a second Ctrl-C stops waiting").isTrue();
        } finally {
            runner.destroyForcibly();
        }

        assertThat(runner.exitValue()).isEqualTo(130);
        assertThat(Files.readString(workDir.resolve("stderr.txt"))).contains("Ctrl-C again to stop waiting")
                .contains("java -jar examples/runner.jar nuke " + runId);
        Result nuke = run(Map.of(), "nuke", runId);
        assertThat(nuke.exitCode()).as(nuke.stderr()).isZero();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(runId)).orElse(false)))
                .as("nuke removes what the interrupted run left").isEmpty();
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        Result help = run(Map.of(), "--help");
        Result version = run(Map.of(), "--version");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--config").contains("--local-orchestrator").contains("BENCHMARK_ORCHESTRATOR_URL")
                .contains("nuke").contains("resume").contains("results").contains("list").contains("--orchestrator-url");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).contains("benchfleet");
    }

    @Test
    void badInputExitsOneWithAClearMessageAndCreatesNothing() throws Exception {
        Path config = Files.writeString(workDir.resolve("bad.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "awz": [{"instance_type": "t3.micro", "alias": "t3"}]}
                """);

        Result noConfig = run(Map.of());
        Result badConfig = run(Map.of(), "-c", config.toString());
        Result unknownFlag = run(Map.of(), "-c", config.toString(), "--mok");

        assertThat(noConfig.exitCode()).isEqualTo(1);
        assertThat(noConfig.stderr()).contains("Missing required option: '--config=CONFIG'");
        assertThat(badConfig.exitCode()).isEqualTo(1);
        assertThat(badConfig.stderr()).contains("awz: unknown key 'awz' — known providers: aws, azure, byo, local")
                .contains("$: no provider given").doesNotContain("Exception");
        assertThat(unknownFlag.exitCode()).isEqualTo(1);
        assertThat(unknownFlag.stderr()).contains("Unknown option: '--mok'");
        try (var files = Files.list(workDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("bad.json");
        }
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return RunnerJar.run(workDir, env, args);
    }
}
