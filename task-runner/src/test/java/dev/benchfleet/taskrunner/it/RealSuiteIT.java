package dev.benchfleet.taskrunner.it;

import static dev.benchfleet.taskrunner.it.Fixtures.ALIAS;
import static dev.benchfleet.taskrunner.it.Fixtures.API_KEY;
import static dev.benchfleet.taskrunner.it.Fixtures.EXIT_TIMEOUT;
import static dev.benchfleet.taskrunner.it.Fixtures.PROVIDER;
import static dev.benchfleet.taskrunner.it.Fixtures.RUBY;
import static dev.benchfleet.taskrunner.it.Fixtures.RUN_ID;
import static dev.benchfleet.taskrunner.it.Fixtures.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.taskrunner.testserver.ProtocolTestServer;
import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import dev.benchfleet.taskrunner.testserver.TarGz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-suite path (no {@code --mock}) with stand-in {@code git} and {@code ruby} scripts first
 * on the PATH: they record their arguments and print what ruby-bench prints, so the command lines,
 * progress parsing, output pick-up and failure reporting are all exercised without the internet.
 */
class RealSuiteIT {

    private static final String FAKE_GIT = """
            #!/bin/sh
            # stand-in for: git clone --depth 1 <url> <dir>, and git -C <dir> rev-parse HEAD
            if [ "$1" = "-C" ]; then echo 09b76c8aaaabbbbccccddddeeeeffff000011112; exit 0; fi
            echo "$@" > "$FAKE_LOG_DIR/git.args"
            for last; do :; done
            mkdir -p "$last" && echo '# fake ruby-bench' > "$last/run_benchmarks.rb"
            echo "Cloning into '$last'..."
            """;

    private static final String FAKE_RUBY = """
            #!/bin/sh
            # stand-in for ruby -v, and ruby run_benchmarks.rb: prints ruby-bench's progress lines, writes --out-name.*
            if [ "$1" = "-v" ]; then echo "ruby 3.4.1 (fake) [x86_64-linux]"; exit 0; fi
            echo "$@" > "$FAKE_LOG_DIR/ruby.args"
            pwd > "$FAKE_LOG_DIR/ruby.pwd"
            env > "$FAKE_LOG_DIR/ruby.env"
            for arg; do case "$arg" in --out-name=*) out="${arg#--out-name=}";; esac; done
            echo 'Running benchmark "railsbench" (1/3)'
            if [ -n "$FAKE_RUBY_HANG" ]; then echo $$ > "$FAKE_LOG_DIR/ruby.pid"; exec sleep 120; fi
            sleep 0.4
            echo 'Running benchmark "liquid-render" (2/3)'
            sleep 0.4
            echo 'Running benchmark "lobsters" (3/3)'
            sleep 0.2
            if [ -n "$FAKE_RUBY_EXIT" ]; then echo "lobsters: boom" >&2; exit "$FAKE_RUBY_EXIT"; fi
            printf 'ruby: ruby 3.4.1 (fake)\\n\\nbench  ruby (ms)\\nrailsbench  1234.5\\n' > "$out.txt"
            echo '{"metadata":{"ruby":"fake"},"raw_data":{}}' > "$out.json"
            echo 'bench,ruby (ms)' > "$out.csv"
            echo "Total time spent benchmarking: 1s"
            """;

    @TempDir
    Path temp;

    private Path bin;
    private Path fakeLogs;

    @BeforeEach
    void installFakes() throws IOException {
        bin = Files.createDirectories(temp.resolve("bin"));
        fakeLogs = Files.createDirectories(temp.resolve("fake-logs"));
        executable(bin.resolve("git"), FAKE_GIT);
        executable(bin.resolve("ruby"), FAKE_RUBY);
    }

    @Test
    void runsRubyBenchHeadlinesAndUploadsItsOutputs() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", realArgs(server), env(null))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.allOutput()).doesNotContain(API_KEY);
            }

            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).as(task.errorMessage).isEqualTo("completed");
            Map<String, byte[]> entries = TarGz.read(server.upload(task.resultKey).orElseThrow());
            assertThat(entries.keySet()).containsExactly("output.txt", "output.json", "output.csv", "metadata.json");
            assertThat(new String(entries.get("output.txt"), StandardCharsets.UTF_8)).contains("railsbench  1234.5");
            JsonNode metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entries.get("metadata.json"));
            assertThat(metadata.get("ruby_description").asText()).isEqualTo("ruby 3.4.1 (fake) [x86_64-linux]");
            assertThat(metadata.get("suite_commit").asText()).isEqualTo("09b76c8aaaabbbbccccddddeeeeffff000011112");
            assertThat(metadata.get("benchmarks").asText()).isEqualTo("headline");
            assertThat(metadata.get("yjit").asBoolean()).isFalse();
            assertThat(metadata.get("vcpus").asInt()).isPositive();
            assertThat(metadata.has("kernel")).isTrue();

            assertThat(Files.readString(fakeLogs.resolve("git.args")))
                    .startsWith("clone --depth 1 https://git.example.invalid/ruby-bench.git ")
                    .contains("/ruby-bench");
            String rubyArgs = Files.readString(fakeLogs.resolve("ruby.args"));
            assertThat(rubyArgs).startsWith("run_benchmarks.rb --headline -e ruby::ruby --no-pinning --turbo --out_path=")
                    .contains("--out-name=");
            assertThat(Files.readString(fakeLogs.resolve("ruby.pwd")).trim()).endsWith("/ruby-bench");
            assertThat(Files.readString(fakeLogs.resolve("ruby.env")))
                    .as("the benchmark never sees the API key").doesNotContain(API_KEY);

            List<JsonNode> beats = server.heartbeats(task.id);
            assertThat(beats.get(0).get("status").asText()).isEqualTo("provision");
            List<String> statuses = beats.stream().map(b -> b.get("status").asText()).collect(Collectors.toList());
            assertThat(statuses).contains("provision", "running");
            assertThat(beats).anySatisfy(b -> assertThat(b.path("current_benchmark").asText())
                    .isIn("railsbench", "liquid-render", "lobsters"));
        }
    }

    @Test
    void failingSuiteIsReportedWithItsOutputInErrorTxt() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", realArgs(server), env("3"))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
            }
            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("failed");
            assertThat(task.errorType).isEqualTo("benchmark_failed");
            assertThat(task.errorMessage).contains("ruby-bench exited with code 3");
            String errorTxt = new String(TarGz.read(server.upload(task.errorKey).orElseThrow()).get("error.txt"),
                    StandardCharsets.UTF_8);
            assertThat(errorTxt).contains("exited with code 3").contains("lobsters: boom")
                    .contains("Running benchmark \"lobsters\" (3/3)");
        }
    }

    @Test
    void sigtermStopsTheBenchmarkProcessAndFailsTheTask() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            Map<String, String> env = env(null);
            env.put("FAKE_RUBY_HANG", "1");
            Path pidFile = fakeLogs.resolve("ruby.pid");
            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", realArgs(server), env)) {
                boolean started = Fixtures.eventually(java.time.Duration.ofSeconds(20),
                        () -> Files.exists(pidFile) && !readQuietly(pidFile).isBlank());
                assertThat(started).as(runner.stderr()).isTrue();
                long benchmarkPid = Long.parseLong(readQuietly(pidFile).trim());
                assertThat(ProcessHandle.of(benchmarkPid)).isPresent();

                runner.process().destroy(); // SIGTERM
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).isNotZero();
                assertThat(ProcessHandle.of(benchmarkPid).map(ProcessHandle::isAlive).orElse(false))
                        .as("the benchmark child was stopped with the runner").isFalse();
            }
            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("failed");
            assertThat(task.errorMessage).contains("stopped");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> realArgs(ProtocolTestServer server) {
        return List.of("--orchestrator-url", server.url().toString(), "--run-id", RUN_ID,
                "--provider", PROVIDER, "--instance-type", TYPE);
    }

    private Map<String, String> env(String rubyExit) throws IOException {
        Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));
        env.put("API_KEY", API_KEY);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FAKE_LOG_DIR", fakeLogs.toString());
        env.put("FAKE_RUBY_EXIT", rubyExit);
        env.put("BENCHFLEET_RUBY_BENCH_URL", "https://git.example.invalid/ruby-bench.git");
        return env;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
