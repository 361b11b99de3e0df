package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs and task states live in the data directory and survive a restart. */
class RestartTest {

    private static final String KEY = "restart-test-key";

    @TempDir
    Path dir;

    @Test
    void aRestartedOrchestratorKnowsItsRuns() {
        long claimedId;
        try (Orchestrator first = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build())) {
            TestHttp http = new TestHttp(first.url(), KEY);
            http.post("/runs", "{\"run_id\":\"7\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":2,"
                    + "\"aws\":[{\"instance_type\":\"c7g.medium\",\"alias\":\"c7g\"}]}");
            claimedId = http.post("/runs/7/tasks/claim",
                    "{\"provider\":\"aws\",\"instance_type\":\"c7g.medium\",\"runner_id\":\"r1\"}")
                    .json().get("task").get("id").asLong();
        }
        try (Orchestrator second = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build())) {
            TestHttp http = new TestHttp(second.url(), KEY);
            JsonNode tasks = http.get("/runs/7/tasks").json().get("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.get(0).get("id").asLong()).isEqualTo(claimedId);
            assertThat(tasks.get(0).get("status").asText()).isEqualTo("claimed");
            assertThat(tasks.get(0).get("runner_id").asText()).isEqualTo("r1");
            JsonNode next = http.post("/runs/7/tasks/claim",
                    "{\"provider\":\"aws\",\"instance_type\":\"c7g.medium\",\"runner_id\":\"r2\"}").json();
            assertThat(next.get("task").get("id").asLong()).isNotEqualTo(claimedId);
            assertThat(next.get("task").get("run_number").asInt()).isEqualTo(2);
        }
    }
}
