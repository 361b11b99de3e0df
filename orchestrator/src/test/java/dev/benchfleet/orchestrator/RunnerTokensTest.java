package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.orchestrator.TestHttp.Answer;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.RunnerTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-scoped runner tokens over real HTTP: a token works for its own run's claim, heartbeat, complete
 * and fail only, never for another run, {@code POST /runs}, stop or the admin endpoints, and not after
 * its run ended or was stopped; the admin key keeps working everywhere.
 */
class RunnerTokensTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String RUN = "173400000012345678";
    private static final String OTHER = "173400000087654321";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Orchestrator orchestrator;
    private TestHttp admin;
    private String token;

    @BeforeEach
    void start() {
        orchestrator = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("data"))
                .monitorInterval(Duration.ofHours(1)).build(), clock);
        admin = new TestHttp(orchestrator.url(), KEY);
        for (String run : new String[]{RUN, OTHER}) {
            assertThat(admin.post("/runs", "{\"run_id\":\"" + run + "\",\"ruby_version\":\"3.4.7\","
                    + "\"runs_per_instance_type\":3,\"local\":[\"box\"]}").status()).isEqualTo(201);
        }
        Answer issued = admin.getWithKey("/runs/" + RUN + "/runner-token", KEY);
        token = issued.json() == null ? null : issued.json().path("runner_token").asText();
    }

    @AfterEach
    void stop() {
        orchestrator.close();
    }

    private static String claimBody(String runner) {
        return "{\"provider\":\"local\",\"instance_type\":\"box\",\"runner_id\":\"" + runner + "\"}";
    }

    private Answer asRunner(String path, String body) {
        return admin.postWithKey(path, body, token);
    }

    @Test
    void theAdminGetsTheTokenTheMasterDerivesAndNobodyElseGetsIt() {
        assertThat(token).isEqualTo(RunnerTokens.derive(ApiKey.of(KEY), RUN));
        assertThat(admin.getWithKey("/runs/" + RUN + "/runner-token", KEY).json().path("run_id").asText()).isEqualTo(RUN);
        assertThat(admin.get("/runs/" + RUN + "/runner-token").status()).as("no key").isEqualTo(401);
        assertThat(admin.getWithKey("/runs/" + RUN + "/runner-token", token).status()).as("the token itself").isEqualTo(401);
        assertThat(admin.getWithKey("/runs/999/runner-token", KEY).status()).isEqualTo(404);
    }

    @Test
    void aTokenClaimsHeartbeatsCompletesAndFailsForItsOwnRun() {
        JsonNode first = asRunner("/runs/" + RUN + "/tasks/claim", claimBody("r1")).json();
        assertThat(first.path("status").asText()).isEqualTo("assigned");
        long task = first.path("task").path("id").asLong();
        assertThat(asRunner("/tasks/" + task + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}").status())
                .isEqualTo(200);
        String resultKey = first.path("presigned_urls").path("result_key").asText();
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(admin.putBytes(first.path("presigned_urls").path("result_upload_url").asText(), gzip).status())
                .isEqualTo(200);
        assertThat(asRunner("/tasks/" + task + "/complete", "{\"runner_id\":\"r1\",\"s3_result_key\":\"" + resultKey
                + "\"}").status()).isEqualTo(200);

        long second = asRunner("/runs/" + RUN + "/tasks/claim", claimBody("r1")).json().path("task").path("id").asLong();
        assertThat(asRunner("/tasks/" + second + "/fail", "{\"runner_id\":\"r1\",\"error_type\":\"benchmark\","
                + "\"error_message\":\"boom\"}").status()).isEqualTo(200);
    }

    @Test
    void aTokenIsRefusedForAnotherRunAndItsTasks() {
        assertThat(asRunner("/runs/" + OTHER + "/tasks/claim", claimBody("r1")).status()).isEqualTo(401);
        long othersTask = admin.post("/runs/" + OTHER + "/tasks/claim", claimBody("r2")).json()
                .path("task").path("id").asLong();
        assertThat(asRunner("/tasks/" + othersTask + "/heartbeat", "{\"runner_id\":\"r2\",\"status\":\"running\"}").status())
                .isEqualTo(401);
        assertThat(asRunner("/tasks/" + othersTask + "/fail", "{\"runner_id\":\"r2\",\"error_type\":\"x\","
                + "\"error_message\":\"y\"}").status()).isEqualTo(401);
        assertThat(asRunner("/tasks/999999/heartbeat", "{\"runner_id\":\"r2\",\"status\":\"running\"}").status())
                .as("an unknown task tells a token holder nothing").isEqualTo(401);
        // a forged token for the other run (made with another key) is no better
        String forged = RunnerTokens.derive(ApiKey.of("not-the-admin-key"), OTHER);
        assertThat(admin.postWithKey("/runs/" + OTHER + "/tasks/claim", claimBody("r1"), forged).status()).isEqualTo(401);
    }

    @Test
    void aTokenIsRefusedForAdminEndpoints() {
        assertThat(asRunner("/runs", "{\"run_id\":\"1\",\"ruby_version\":\"3.4.7\",\"runs_per_instance_type\":1,"
                + "\"local\":[\"box\"]}").status()).isEqualTo(401);
        assertThat(asRunner("/runs/" + RUN + "/stop", "").status()).isEqualTo(401);
        assertThat(admin.get("/runs/" + RUN).json().path("status").asText()).isEqualTo("running");
    }

    @Test
    void aTokenStopsWorkingWhenItsRunIsStoppedWhileTheAdminKeyStillWorks() {
        long task = asRunner("/runs/" + RUN + "/tasks/claim", claimBody("r1")).json().path("task").path("id").asLong();
        assertThat(admin.post("/runs/" + RUN + "/stop", "").status()).isEqualTo(200);

        assertThat(asRunner("/tasks/" + task + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}").status())
                .isEqualTo(401);
        assertThat(asRunner("/tasks/" + task + "/fail", "{\"runner_id\":\"r1\",\"error_type\":\"x\","
                + "\"error_message\":\"y\"}").status()).isEqualTo(401);
        Answer claim = asRunner("/runs/" + RUN + "/tasks/claim", claimBody("r1"));
        assertThat(claim.status()).isEqualTo(200);
        assertThat(claim.json().path("status").asText()).as("nothing more to claim: the runner exits").isEqualTo("done");

        assertThat(admin.post("/tasks/" + task + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}").status())
                .as("the admin key works everywhere").isEqualTo(200);
        assertThat(admin.post("/runs/" + OTHER + "/tasks/claim", claimBody("r3")).json().path("status").asText())
                .isEqualTo("assigned");
    }

    @Test
    void aTokenStopsWorkingWhenItsRunEnds() {
        for (int i = 0; i < 3; i++) {
            JsonNode claim = asRunner("/runs/" + RUN + "/tasks/claim", claimBody("r1")).json();
            long task = claim.path("task").path("id").asLong();
            assertThat(asRunner("/tasks/" + task + "/fail", "{\"runner_id\":\"r1\",\"error_type\":\"x\","
                    + "\"error_message\":\"y\"}").status()).isEqualTo(200);
        }
        assertThat(admin.get("/runs/" + RUN + "?wait=10").json().path("status").asText()).isEqualTo("completed");
        long finished = admin.get("/runs/" + RUN + "/tasks").json().path("tasks").get(0).path("id").asLong();
        assertThat(asRunner("/tasks/" + finished + "/fail", "{\"runner_id\":\"r1\",\"error_type\":\"x\","
                + "\"error_message\":\"y\"}").status()).isEqualTo(401);
        assertThat(admin.post("/tasks/" + finished + "/fail", "{\"runner_id\":\"r1\",\"error_type\":\"x\","
                + "\"error_message\":\"y\"}").status()).as("repeating the same outcome with the key").isEqualTo(200);
    }

    @Test
    void aTokenOfARunNotCreatedYetGetsTheSame404AsTheKey() {
        String early = RunnerTokens.derive(ApiKey.of(KEY), "173400000000000001");
        assertThat(admin.postWithKey("/runs/173400000000000001/tasks/claim", claimBody("r1"), early).status())
                .isEqualTo(404);
    }
}
