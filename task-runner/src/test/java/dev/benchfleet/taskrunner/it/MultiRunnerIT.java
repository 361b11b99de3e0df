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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several real runner processes share one run: every task done exactly once, archives as specified. */
class MultiRunnerIT {

    @TempDir
    Path temp;

    @Test
    void threeRunnersFinishEightMockTasksWithNoTaskDoneTwice() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 8, RUBY);
            server.createRun(RUN_ID, PROVIDER, "m7i.large", "m7i", 2, RUBY);
            Path work = Files.createDirectories(temp.resolve("work"));

            List<RunnerProcess> runners = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    runners.add(RunnerProcess.start(temp.resolve("logs"), "runner-" + i,
                            Fixtures.args(server.url(), "--mock"), Fixtures.fastEnv(work)));
                }
                for (RunnerProcess runner : runners) {
                    assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                }
            } finally {
                runners.forEach(RunnerProcess::close);
            }

            List<ProtocolTestServer.Task> ours = server.tasks().stream()
                    .filter(t -> t.instanceType.equals(TYPE)).collect(Collectors.toList());
            assertThat(ours).hasSize(8).allSatisfy(task -> {
                assertThat(task.status).isEqualTo("completed");
                assertThat(task.claims).isEqualTo(1);
                assertThat(task.completions).isEqualTo(1);
                assertThat(task.failures).isZero();
                assertThat(task.resultKey).isEqualTo("runs/" + RUN_ID + "/tasks/" + task.id + "/result.tar.gz");
            });
            assertThat(server.tasks()).filteredOn(t -> t.instanceType.equals("m7i.large"))
                    .as("tasks of another instance type are left alone")
                    .allSatisfy(t -> assertThat(t.status).isEqualTo("pending"));

            for (ProtocolTestServer.Task task : ours) {
                assertResultArchive(server, task);
                assertHeartbeats(server, task);
            }
            for (RunnerProcess runner : runners) {
                assertThat(runner.allOutput()).doesNotContain(API_KEY).doesNotContain("X-Signature");
            }
            assertThat(Files.list(work).count()).as("work folders are deleted without --debug").isZero();
        }
    }

    private static void assertResultArchive(ProtocolTestServer server, ProtocolTestServer.Task task) throws Exception {
        byte[] bytes = server.upload(task.resultKey).orElseThrow(() -> new AssertionError("no upload for " + task.id));
        Map<String, byte[]> entries = TarGz.read(bytes);
        assertThat(entries.keySet()).containsExactly("output.txt", "output.json", "output.csv", "metadata.json");
        assertThat(new String(entries.get("output.txt"), StandardCharsets.UTF_8))
                .contains("ruby " + RUBY).contains("optcarrot").contains("railsbench");
        JsonNode output = Fixtures.json(entries.get("output.json"));
        assertThat(output.path("raw_data").path("ruby").path("fib").path("bench").size()).isEqualTo(10);
        assertThat(new String(entries.get("output.csv"), StandardCharsets.UTF_8)).contains("bench,ruby (ms),stddev (%)");

        JsonNode metadata = Fixtures.json(entries.get("metadata.json"));
        List<String> fields = new ArrayList<>();
        metadata.fieldNames().forEachRemaining(fields::add);
        // the protocol's fields in its order, then the facts the report uses
        assertThat(fields.subList(0, 10)).containsExactly("task_id", "provider", "instance_type", "alias", "ruby_version",
                "run", "start_time", "end_time", "status", "runner_id");
        assertThat(fields.subList(10, fields.size())).contains("ruby_description", "benchmarks", "yjit", "vcpus",
                "kernel", "arch");
        assertThat(metadata.get("task_id").isIntegralNumber()).isTrue();
        assertThat(metadata.get("task_id").asLong()).isEqualTo(task.id);
        assertThat(metadata.get("provider").asText()).isEqualTo(PROVIDER);
        assertThat(metadata.get("instance_type").asText()).isEqualTo(TYPE);
        assertThat(metadata.get("alias").asText()).isEqualTo(ALIAS);
        assertThat(metadata.get("ruby_version").asText()).isEqualTo(RUBY);
        assertThat(metadata.get("run").asInt()).isEqualTo(task.runNumber);
        assertThat(metadata.get("status").asText()).isEqualTo("success");
        assertThat(metadata.get("runner_id").asText()).isEqualTo(task.runnerId);
        assertThat(java.time.Instant.parse(metadata.get("end_time").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(metadata.get("start_time").asText()));
    }

    private static void assertHeartbeats(ProtocolTestServer server, ProtocolTestServer.Task task) {
        List<JsonNode> beats = server.heartbeats(task.id);
        assertThat(beats).isNotEmpty();
        assertThat(beats.get(0).get("status").asText()).as("first heartbeat as the task starts").isEqualTo("running");
        Set<String> statuses = beats.stream().map(b -> b.get("status").asText()).collect(Collectors.toSet());
        assertThat(statuses).contains("running").doesNotContain("finished", "error");
        assertThat(beats).allSatisfy(b -> assertThat(b.get("runner_id").asText()).isEqualTo(task.runnerId));
        assertThat(beats).allSatisfy(b -> assertThat(b.get("progress_pct").asInt()).isBetween(0, 100));
        assertThat(beats).anySatisfy(b -> assertThat(b.hasNonNull("current_benchmark")).isTrue());
    }
}
