package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor thread on the real clock: a silent runner is timed out and the run finishes by itself. */
class HeartbeatTimeoutTest {

    private static final String KEY = "timeout-test-key";

    @TempDir
    Path dir;

    @Test
    void theMonitorFailsSilentTasksAndFinishesTheRun() throws Exception {
        OrchestratorOptions options = OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                .heartbeatTimeout(Duration.ofSeconds(1)).build();
        try (Orchestrator o = Orchestrator.start(options)) {
            TestHttp http = new TestHttp(o.url(), KEY);
            http.post("/runs", "{\"run_id\":\"3\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":1,"
                    + "\"local\":[\"docker\"]}");
            http.post("/runs/3/tasks/claim", "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"r\"}");

            JsonNode run = pollUntilFinished(http, Duration.ofSeconds(20));
            assertThat(run.get("status").asText()).isEqualTo("completed");
            assertThat(run.get("tasks").get("failed").asInt()).isEqualTo(1);
            JsonNode task = http.get("/runs/3/tasks").json().get("tasks").get(0);
            assertThat(task.get("error_type").asText()).isEqualTo("timeout");
        }
    }

    private static JsonNode pollUntilFinished(TestHttp http, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode run = http.get("/runs/3").json();
        while (run.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = http.get("/runs/3").json();
        }
        return run;
    }
}
