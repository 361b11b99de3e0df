package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner whose claim answer was lost asks again with the same {@code claim_id}: it gets the task
 * its first attempt took, not a second one while the first waits out the heartbeat timeout.
 */
class ClaimRetryTest {

    private static final String KEY = "claim-retry-key";

    @TempDir
    Path dir;

    @Test
    void aRetriedClaimGetsTheTaskItsFirstAttemptTook() {
        try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build())) {
            TestHttp http = new TestHttp(o.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"173400000012345678\",\"ruby_version\":\"3.4\","
                    + "\"runs_per_instance_type\":4,\"local\":[\"docker\"]}").status()).isEqualTo(201);

            long first = claim(http, "r1", "\"c1\"");
            // the retry of that claim (same runner, same claim id): the same task, with the same upload keys
            assertThat(claim(http, "r1", "\"c1\"")).isEqualTo(first);
            // a new claim of the same runner, or the same claim id from another runner: a task of its own
            long second = claim(http, "r1", "\"c2\"");
            long third = claim(http, "r2", "\"c1\"");
            assertThat(second).isNotIn(first);
            assertThat(third).isNotIn(first, second);
            // no claim id (the original's runners): every claim takes a new task, as before
            assertThat(claim(http, "r3", null)).isNotIn(first, second, third);

            // once the runner reported on its task, a late retry is a new claim: nothing is pending, so wait
            assertThat(http.post("/tasks/" + first + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}")
                    .status()).isEqualTo(200);
            JsonNode late = http.post("/runs/173400000012345678/tasks/claim", "{\"provider\":\"local\","
                    + "\"instance_type\":\"docker\",\"runner_id\":\"r1\",\"claim_id\":\"c1\"}").json();
            assertThat(late.get("status").asText()).isEqualTo("wait");

            JsonNode tasks = http.get("/runs/173400000012345678/tasks").json().get("tasks");
            assertThat(tasks).hasSize(4);
            assertThat(tasks.findValuesAsText("status")).containsExactly("running", "claimed", "claimed", "claimed");
        }
    }

    private static long claim(TestHttp http, String runner, String claimId) {
        JsonNode answer = http.post("/runs/173400000012345678/tasks/claim", "{\"provider\":\"local\","
                + "\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\""
                + (claimId == null ? "" : ",\"claim_id\":" + claimId) + "}").json();
        assertThat(answer.get("status").asText()).isEqualTo("assigned");
        assertThat(answer.get("presigned_urls").get("result_key").asText())
                .endsWith("-" + answer.get("task").get("id").asLong() + "/result.tar.gz");
        return answer.get("task").get("id").asLong();
    }
}
