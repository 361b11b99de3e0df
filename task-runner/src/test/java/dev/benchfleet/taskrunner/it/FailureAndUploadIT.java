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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing benchmarks, local-path uploads and --debug, through the real jar. */
class FailureAndUploadIT {

    @TempDir
    Path temp;

    @Test
    void failingMockBenchmarkIsReportedWithAnUploadedErrorArchive() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));
            env.put("BENCHFLEET_MOCK_FAIL", "true");

            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(server.url(), "--mock"), env)) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.allOutput()).doesNotContain(API_KEY);
            }

            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("failed");
            assertThat(task.failures).isEqualTo(1);
            assertThat(task.completions).isZero();
            assertThat(task.errorType).isEqualTo("benchmark_failed");
            assertThat(task.errorMessage).contains("BENCHFLEET_MOCK_FAIL");
            assertThat(task.errorKey).isEqualTo("runs/" + RUN_ID + "/tasks/" + task.id + "/error.tar.gz");

            Map<String, byte[]> entries = TarGz.read(server.upload(task.errorKey).orElseThrow());
            assertThat(entries.keySet()).containsExactly("error.txt", "metadata.json");
            assertThat(new String(entries.get("error.txt"), StandardCharsets.UTF_8))
                    .contains("failed on purpose")
                    .contains("Running benchmark \"fib\" (1/6)");
            JsonNode metadata = Fixtures.json(entries.get("metadata.json"));
            assertThat(metadata.get("status").asText()).isEqualTo("error");
            assertThat(metadata.get("task_id").asLong()).isEqualTo(task.id);
            assertThat(metadata.get("runner_id").asText()).isEqualTo(task.runnerId);
            assertThat(server.upload(task.resultKey == null ? "none" : task.resultKey)).isEmpty();

            // the failure is told by fail, with its type and message above; no "error" heartbeat comes before it
            List<JsonNode> beats = server.heartbeats(task.id);
            assertThat(beats).extracting(b -> b.get("status").asText()).isNotEmpty().doesNotContain("error", "finished");
        }
    }

    @Test
    void rejectedResultUploadIsReportedAsUploadFailedWithTheErrorArchive() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            server.rejectResultUploads();
            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(server.url(), "--mock"),
                    Fixtures.fastEnv(Files.createDirectories(temp.resolve("work"))))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.allOutput()).doesNotContain("X-Signature");
            }
            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("failed");
            assertThat(task.errorType).isEqualTo("upload_failed");
            assertThat(task.errorMessage).contains("403");
            assertThat(task.errorKey).isNotNull();
            String errorTxt = new String(TarGz.read(server.upload(task.errorKey).orElseThrow()).get("error.txt"),
                    StandardCharsets.UTF_8);
            assertThat(errorTxt).contains("uploading the result archive failed");
        }
    }

    @Test
    void failingHeartbeatsNeverKillTheTask() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            server.answerHeartbeatsWith(500);
            Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));
            env.put("BENCHFLEET_MOCK_DURATION", "600ms");
            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(server.url(), "--mock"), env)) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.stderr()).contains("heartbeat for task").contains("500");
            }
            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("completed");
            assertThat(server.requests()).filteredOn(r -> r.path().endsWith("/heartbeat")).hasSizeGreaterThan(1);
        }
    }

    @Test
    void uploadUrlThatIsALocalPathIsCopiedThereAndDebugKeepsTheWorkFolder() throws Exception {
        Path uploads = temp.resolve("uploads");
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0,
                new ProtocolTestServer.UploadMode.LocalPath(uploads))) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            Path work = Files.createDirectories(temp.resolve("work"));

            try (RunnerProcess runner = RunnerProcess.start(temp, "runner",
                    Fixtures.args(server.url(), "--mock", "--debug"), Fixtures.fastEnv(work))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.stderr()).contains("keeping the work folder").contains("DEBUG");
                assertThat(runner.allOutput()).doesNotContain(API_KEY);
            }

            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("completed");
            Path archive = uploads.resolve(task.resultKey);
            assertThat(archive).isRegularFile();
            try (InputStream in = Files.newInputStream(archive)) {
                assertThat(TarGz.read(in).keySet())
                        .containsExactly("output.txt", "output.json", "output.csv", "metadata.json");
            }
            try (var kept = Files.list(work)) {
                List<Path> folders = kept.toList();
                assertThat(folders).hasSize(1);
                assertThat(folders.get(0).resolve("output.txt")).isRegularFile();
                assertThat(folders.get(0).resolve("benchmark.log")).isRegularFile();
            }
        }
    }
}
