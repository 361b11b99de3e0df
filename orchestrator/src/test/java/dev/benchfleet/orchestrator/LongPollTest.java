package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.orchestrator.TestHttp.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long polls: {@code GET /runs/{id}?wait=} and a claim with {@code ?wait=} are answered when the run
 * changes, not at the client's next poll. The waits before acting only order the steps; nothing here
 * measures time.
 */
class LongPollTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String RUN = "173400000012345678";

    @TempDir
    Path dir;
    private Orchestrator orchestrator;
    private TestHttp http;

    @BeforeEach
    void start() {
        orchestrator = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("data"))
                .retryAfterSeconds(30).monitorInterval(Duration.ofHours(1)).build());
        http = new TestHttp(orchestrator.url(), KEY);
        Answer created = http.post("/runs", "{\"run_id\":\"" + RUN + "\",\"ruby_version\":\"3.4.7\","
                + "\"runs_per_instance_type\":1,\"local\":[\"box\"]}");
        assertThat(created.status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        orchestrator.close();
    }

    private JsonNode claim(String runner, String query) {
        Answer a = http.post("/runs/" + RUN + "/tasks/claim" + query,
                "{\"provider\":\"local\",\"instance_type\":\"box\",\"runner_id\":\"" + runner + "\"}");
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    private void complete(long taskId, String runner) {
        assertThat(http.post("/tasks/" + taskId + "/complete",
                "{\"runner_id\":\"" + runner + "\",\"s3_result_key\":\"none\"}").status()).isEqualTo(200);
    }

    @Test
    void aHeldRunAnswerComesWithTheChangeThatEndedTheRun() throws Exception {
        long task = claim("a", "").path("task").path("id").asLong();
        CompletableFuture<Answer> watching = CompletableFuture.supplyAsync(() -> http.get("/runs/" + RUN + "?wait=15"));
        Thread.sleep(500); // let the request be held before the run changes
        assertThat(watching).isNotDone();
        complete(task, "a");
        Answer answer = watching.get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aFinishedRunAndAPlainGetAreAnsweredAtOnceAndABadWaitIsRefused() {
        assertThat(http.get("/runs/" + RUN).json().get("status").asText()).isEqualTo("running");
        assertThat(http.get("/runs/" + RUN + "?wait=0.2").json().get("status").asText()).isEqualTo("running");
        Answer bad = http.get("/runs/" + RUN + "?wait=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("wait must be a number of seconds");
        complete(claim("a", "").path("task").path("id").asLong(), "a");
        assertThat(http.get("/runs/" + RUN + "?wait=15").json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aHeldClaimTurnsFromWaitToDoneWhenTheLastTaskFinishes() throws Exception {
        long task = claim("a", "").path("task").path("id").asLong();
        // Without wait=, the original runner's way: told to come back in retry_after_seconds.
        JsonNode plain = claim("b", "");
        assertThat(plain.get("status").asText()).isEqualTo("wait");
        assertThat(plain.get("retry_after_seconds").asInt()).isEqualTo(30);

        CompletableFuture<JsonNode> held = CompletableFuture.supplyAsync(() -> claim("b", "?wait=15"));
        Thread.sleep(500);
        assertThat(held).isNotDone();
        complete(task, "a");
        assertThat(held.get(20, TimeUnit.SECONDS).get("status").asText()).isEqualTo("done");
    }

    @Test
    void aClaimHeldToItsBoundIsToldToComeBackAtOnce() {
        claim("a", "");
        JsonNode held = claim("b", "?wait=0.3");
        assertThat(held.get("status").asText()).isEqualTo("wait");
        assertThat(held.get("retry_after_seconds").asInt()).isZero();
    }
}
