package dev.benchfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    /** A plain mapper: the records carry their own rules, so they do not depend on its settings. */
    private final WireJson wire = new WireJson(new ObjectMapper());

    @Test
    void readsTheOriginalOrchestratorsClaimAnswerWithFieldsItDoesNotKnow() throws Exception {
        ClaimAnswer answer = wire.read("""
                {"status":"assigned","task":{"id":7,"provider":"aws","instance_type":"c8g.medium",
                 "instance_type_alias":"graviton","run_number":2,"ruby_version":"3.4.7","extra":true},
                 "presigned_urls":{"result_upload_url":"https://s3/r?sig","error_upload_url":"https://s3/e?sig",
                 "result_key":"results/1/task_7_result.tar.gz","error_key":"results/1/task_7_error.tar.gz"},
                 "server":"rails"}""", ClaimAnswer.class);
        assertThat(answer.status()).isEqualTo(ClaimStatus.ASSIGNED);
        assertThat(answer.task().id()).isEqualTo(TaskId.of(7));
        assertThat(answer.task().aliasOrType()).isEqualTo("graviton");
        assertThat(answer.presignedUrls().resultKey()).isEqualTo("results/1/task_7_result.tar.gz");
        assertThat(answer.presignedUrls().toString()).doesNotContain("sig");
    }

    @Test
    void waitCarriesWholeOrFractionalSeconds() throws Exception {
        assertThat(wire.writeString(ClaimAnswer.waitFor(Duration.ofSeconds(30))))
                .isEqualTo("{\"status\":\"wait\",\"retry_after_seconds\":30}");
        assertThat(wire.writeString(ClaimAnswer.waitFor(Duration.ofMillis(250))))
                .isEqualTo("{\"status\":\"wait\",\"retry_after_seconds\":0.25}");
        assertThat(wire.read("{\"status\":\"wait\",\"retry_after_seconds\":0.25}", ClaimAnswer.class).retryAfter())
                .contains(Duration.ofMillis(250));
        assertThat(wire.read("{\"status\":\"wait\"}", ClaimAnswer.class).retryAfter()).isEmpty();
        assertThat(wire.writeString(ClaimAnswer.done(null))).isEqualTo("{\"status\":\"done\"}");
    }

    @Test
    void anAssignedAnswerWithoutItsTaskIsRefusedNamingTheField() {
        assertThatThrownBy(() -> wire.read("{\"status\":\"assigned\"}", ClaimAnswer.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("task is missing");
        assertThatThrownBy(() -> wire.read("{\"status\":\"maybe\"}", ClaimAnswer.class))
                .hasMessageContaining("status must be one of assigned, wait, done");
    }

    @Test
    void requestsAreWrittenInSnakeCaseWithoutEmptyOptionalFields() {
        assertThat(wire.writeString(new HeartbeatRequest("r1", HeartbeatStatus.RUNNING, null, "fib", 50)))
                .isEqualTo("{\"runner_id\":\"r1\",\"status\":\"running\",\"current_benchmark\":\"fib\",\"progress_pct\":50}");
        assertThat(wire.writeString(new ClaimRequest("local", "t", "r1")))
                .isEqualTo("{\"provider\":\"local\",\"instance_type\":\"t\",\"runner_id\":\"r1\"}");
    }

    @Test
    void badFieldsAreNamedAndTheBodyIsNeverQuoted() {
        assertThatThrownBy(() -> wire.read("{\"runner_id\":\"r\",\"status\":\"sleeping\"}", HeartbeatRequest.class))
                .hasMessage("status must be one of boot, provision, running, uploading, finished, error");
        assertThatThrownBy(() -> wire.read("{\"runner_id\":\"r\",\"progress_pct\":{\"a\":1}}", HeartbeatRequest.class))
                .hasMessage("progress_pct has the wrong type");
        assertThatThrownBy(() -> wire.read("{\"runner_id\":\"secret-ish", ClaimRequest.class))
                .hasMessageStartingWith("Body is not valid JSON").hasMessageNotContaining("secret-ish");
        assertThatThrownBy(() -> wire.read("[1]", ClaimRequest.class)).hasMessage("Request body must be a JSON object");
    }

    @Test
    void runAnswersKeepTheIdAStringAndTolerateTheOriginalsShape() throws Exception {
        RunAnswer original = wire.read("""
                {"run_id":173400000012345678,"status":"failed","ruby_version":"3.4.7",
                 "per_instance_type":{"tasks":1},"tasks":{"total":1,"pending":0,"claimed":0,"running":0,
                 "completed":0,"failed":1},"gzip_url":null}""", RunAnswer.class);
        assertThat(original.runId()).isEqualTo("173400000012345678");
        assertThat(original.status().isFinal()).isTrue();
        assertThat(original.tasks().done()).isEqualTo(1);
        RunAnswer ours = new RunAnswer("173400000012345678", RunStatus.RUNNING, "3.4.7", 1, TaskCounts.NONE, null,
                "2026-01-01T00:00:00Z", null);
        assertThat(wire.writeString(ours)).contains("\"run_id\":\"173400000012345678\"").contains("\"gzip_url\":null");
    }

    @Test
    void runIdsHaveEighteenDigitsAndReadBackFromTheirDoubleForm() {
        String id = RunId.generate(Clock.fixed(Instant.ofEpochSecond(1_734_000_000L), ZoneOffset.UTC), new SecureRandom());
        assertThat(id).startsWith("1734000000").matches("\\d{18}");
        assertThat(RunId.isGenerated(id)).isTrue();
        assertThat(RunId.isAcceptable("my-run_1")).isTrue();
        assertThat(RunId.isAcceptable("../x")).isFalse();
        double exact = RunId.asDouble("173400000012345678").orElseThrow();
        assertThat(RunId.asDouble("173400000012345680")).contains(exact);
        assertThat(RunId.asDouble("1.7340000001234568e+17")).contains(exact);
        assertThat(RunId.asDouble("abc")).isEmpty();
    }

    @Test
    void endpointsEncodeTheirParameters() {
        assertThat(Endpoints.claim("123")).isEqualTo("/runs/123/tasks/claim");
        assertThat(Endpoints.task(TaskId.of(5), Endpoints.TaskReport.HEARTBEAT)).isEqualTo("/tasks/5/heartbeat");
        assertThat(Endpoints.run("a/b c")).isEqualTo("/runs/a%2Fb%20c");
        assertThat(Endpoints.holding(Endpoints.run("1"), Duration.ofSeconds(10))).isEqualTo("/runs/1?wait=10");
        assertThat(Endpoints.holding(Endpoints.run("1"), Duration.ofMillis(2500))).isEqualTo("/runs/1?wait=2.5");
        assertThat(Endpoints.holding(Endpoints.run("1"), Duration.ZERO)).isEqualTo("/runs/1");
    }
}
