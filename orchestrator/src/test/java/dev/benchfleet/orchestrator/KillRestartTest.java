package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a run, restart on the same folder: no run, task, claim or upload is lost. */
class KillRestartTest {

    private static final String KEY = "kill-restart-key";

    @TempDir
    Path dir;

    @Test
    void nothingIsLostWhenTheProcessIsKilled() throws Exception {
        Path data = dir.resolve("data");
        long first;
        long second;
        String resultKey;
        String errorUploadPathAndQuery;
        try (ChildOrchestrator a = ChildOrchestrator.start(data, KEY, dir.resolve("logs"))) {
            TestHttp http = new TestHttp(a.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"173400000012345678\",\"ruby_version\":\"3.4\","
                    + "\"runs_per_instance_type\":2,\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}")
                    .status()).isEqualTo(201);
            JsonNode c1 = claim(http, "r1");
            first = c1.get("task").get("id").asLong();
            resultKey = c1.get("presigned_urls").get("result_key").asText();
            assertThat(http.putBytes(c1.get("presigned_urls").get("result_upload_url").asText(),
                    TarGz.of(Map.of("output.txt", "survived"))).status()).isEqualTo(200);
            http.post("/tasks/" + first + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}");
            JsonNode c2 = claim(http, "r2");
            second = c2.get("task").get("id").asLong();
            String url = c2.get("presigned_urls").get("error_upload_url").asText();
            errorUploadPathAndQuery = url.substring(a.url().toString().length());
            a.kill();
        }

        try (ChildOrchestrator b = ChildOrchestrator.start(data, KEY, dir.resolve("logs"))) {
            TestHttp http = new TestHttp(b.url(), KEY);
            JsonNode tasks = http.get("/runs/173400000012345678/tasks").json().get("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.get(0).get("status").asText()).isEqualTo("running");
            assertThat(tasks.get(0).get("runner_id").asText()).isEqualTo("r1");
            assertThat(tasks.get(1).get("status").asText()).isEqualTo("claimed");
            assertThat(tasks.get(1).get("runner_id").asText()).isEqualTo("r2");

            // upload URLs handed out before the kill still verify: the signing key was kept
            assertThat(http.putBytes(b.url() + errorUploadPathAndQuery, TarGz.of(Map.of("error.txt", "x")))
                    .status()).isEqualTo(200);
            assertThat(http.post("/tasks/" + first + "/complete",
                    "{\"runner_id\":\"r1\",\"s3_result_key\":\"" + resultKey + "\"}").status()).isEqualTo(200);
            assertThat(http.post("/tasks/" + second + "/fail",
                    "{\"runner_id\":\"r2\",\"error_type\":\"benchmark\",\"error_message\":\"no\"}").status())
                    .isEqualTo(200);

            JsonNode run = http.get("/runs/173400000012345678").json();
            assertThat(run.get("status").asText()).isEqualTo("completed");
            Map<String, String> files = TarGz.read(http.download(run.get("gzip_url").asText()));
            assertThat(files).containsEntry("box-" + first + "/output.txt", "survived");
        }
    }

    private static JsonNode claim(TestHttp http, String runner) {
        JsonNode answer = http.post("/runs/173400000012345678/tasks/claim",
                "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}").json();
        assertThat(answer.get("status").asText()).isEqualTo("assigned");
        return answer;
    }
}
