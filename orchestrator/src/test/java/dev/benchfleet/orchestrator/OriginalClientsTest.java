package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original tool's clients against our orchestrator, unchanged: its API lifecycle test script
 * ({@code orchestrator/test/integration/api_lifecycle_test.sh}, curl + jq) and its Ruby task runner in
 * mock mode ({@code task-runner/lib/ruby}), replayed request by request with the bodies, headers and
 * checks they use. What each step replays is said next to it.
 */
class OriginalClientsTest {

    private static final String KEY = "dev_api_key_change_in_production";
    /** What the script posts: no run_id, the newer per_instance_type, a plain-string entry. */
    private static final String ORIGINAL_RUN_BODY = """
            {
                    "ruby_version": "3.4.7",
                    "per_instance_type": { "tasks": 1, "instances": 1 },
                    "local": ["test-instance"]
                }""";

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Orchestrator orchestrator;

    record Answer(int status, JsonNode body) {
        String jq(String path) {
            JsonNode node = body;
            for (String field : path.split("\\.")) {
                node = node.path(field);
            }
            // jq -r prints strings raw and numbers as numbers, "null" for what is missing
            return node.isMissingNode() || node.isNull() ? "null" : node.asText();
        }
    }

    @BeforeEach
    void start() {
        orchestrator = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("data"))
                .retryAfterSeconds(1).monitorInterval(Duration.ofHours(1)).build());
    }

    @AfterEach
    void stop() {
        orchestrator.close();
    }

    // ---- the API lifecycle script, test by test -------------------------------------------------

    @Test
    void theOriginalApiLifecycleScriptPasses() throws Exception {
        // TEST 1: GET /up
        assertThat(curl("GET", "/up", null, null).status()).isEqualTo(200);

        // TEST 2: POST /runs without run_id, plain-string entry -> 201 and a generated id
        Answer created = curl("POST", "/runs", KEY, ORIGINAL_RUN_BODY);
        assertThat(created.status()).isEqualTo(201);
        String runId = created.jq("run_id");
        assertThat(runId).matches("\\d{18}");
        assertThat(created.body().get("run_id").isTextual()).isTrue();
        assertThat(created.jq("tasks_created")).isEqualTo("1");

        // TEST 3: GET /runs/$RUN_ID
        Answer run = curl("GET", "/runs/" + runId, null, null);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.jq("status")).isEqualTo("running");
        assertThat(run.jq("tasks.total")).isEqualTo("1");
        assertThat(run.jq("tasks.pending")).isEqualTo("1");

        // TEST 4: claim
        String runner = "test-runner-" + System.currentTimeMillis() / 1000;
        Answer claim = curl("POST", "/runs/" + runId + "/tasks/claim", KEY, """
                {
                        "provider": "local",
                        "instance_type": "test-instance",
                        "runner_id": "%s"
                    }""".formatted(runner));
        assertThat(claim.status()).isEqualTo(200);
        assertThat(claim.jq("status")).isEqualTo("assigned");
        String taskId = claim.jq("task.id");
        assertThat(taskId).isNotEmpty().isNotEqualTo("null");
        assertThat(claim.jq("task.provider")).isEqualTo("local");
        assertThat(claim.jq("task.instance_type")).isEqualTo("test-instance");

        // TEST 5: heartbeat
        Answer beat = curl("POST", "/tasks/" + taskId + "/heartbeat", KEY, """
                {
                        "runner_id": "%s",
                        "status": "running",
                        "current_benchmark": "activerecord",
                        "progress_pct": 50,
                        "message": "Running benchmarks"
                    }""".formatted(runner));
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.jq("message")).isEqualTo("Heartbeat received");

        // TEST 6: complete, with a key of the script's own choosing
        Answer complete = curl("POST", "/tasks/" + taskId + "/complete", KEY, """
                {
                        "runner_id": "%s",
                        "s3_result_key": "test-results/test-key.json"
                    }""".formatted(runner));
        assertThat(complete.status()).isEqualTo(200);
        assertThat(complete.jq("message")).isEqualTo("Task marked as completed");

        // TEST 7: the run counts the completion (the script sleeps 1 s first; nothing here needs it)
        Answer done = curl("GET", "/runs/" + runId, null, null);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.jq("tasks.completed")).isEqualTo("1");
        assertThat(done.jq("tasks.pending")).isEqualTo("0");

        // TEST 8: claiming when nothing is left -> 200 "done"
        Answer nothing = curl("POST", "/runs/" + runId + "/tasks/claim", KEY,
                "{\"provider\": \"local\", \"instance_type\": \"test-instance\", \"runner_id\": \"" + runner + "\"}");
        assertThat(nothing.status()).isEqualTo(200);
        assertThat(nothing.jq("status")).isEqualTo("done");

        // TEST 9: a wrong key -> 401 {"error":"Unauthorized"}
        Answer refused = curl("POST", "/runs", "invalid_key_12345", ORIGINAL_RUN_BODY.replace("test-instance", "test"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.jq("error")).isEqualTo("Unauthorized");

        // TEST 10: a heartbeat from the wrong runner -> 403 {"error":"Invalid runner_id"}
        String otherRun = curl("POST", "/runs", KEY, ORIGINAL_RUN_BODY).jq("run_id");
        assertThat(otherRun).isNotEqualTo(runId);
        String otherTask = curl("POST", "/runs/" + otherRun + "/tasks/claim", KEY,
                "{\"provider\": \"local\", \"instance_type\": \"test-instance\", \"runner_id\": \"" + runner + "\"}")
                .jq("task.id");
        Answer wrongRunner = curl("POST", "/tasks/" + otherTask + "/heartbeat", KEY,
                "{\"runner_id\": \"wrong-runner-id\", \"status\": \"running\"}");
        assertThat(wrongRunner.status()).isEqualTo(403);
        assertThat(wrongRunner.jq("error")).isEqualTo("Invalid runner_id");
    }

    // ---- the Ruby task runner in mock mode --------------------------------------------------------

    /**
     * Two Ruby runners ({@code Worker#run}) on one instance type with two tasks, one of which fails its
     * mock benchmark: claim; a first heartbeat {@code running} as the heartbeat thread starts; the
     * archive PUT to the presigned URL (a {@code tar -C dir .} archive, so entries start with
     * {@code ./}); {@code complete} with the claim's result key, or {@code fail} with every field the
     * Ruby client always sends; claim again; {@code wait} makes it {@code sleep(retry_after_seconds)};
     * {@code done} makes it exit 0.
     */
    @Test
    void theOriginalRubyRunnerInMockModeFinishesARun() throws Exception {
        Answer created = ruby("/runs", KEY, "{\"ruby_version\":\"3.4.7\",\"per_instance_type\":{\"tasks\":2,"
                + "\"instances\":1},\"local\":[{\"instance_type\":\"docker\",\"alias\":\"laptop\"}],\"mock\":true}");
        assertThat(created.status()).isEqualTo(201);
        String runId = created.jq("run_id");

        String first = "host-a-1734000000-41";
        String second = "host-b-1734000000-42";
        JsonNode firstClaim = rubyClaim(runId, first);
        JsonNode secondClaim = rubyClaim(runId, second);
        assertThat(firstClaim.path("status").asText()).isEqualTo("assigned");
        assertThat(secondClaim.path("status").asText()).isEqualTo("assigned");

        // Both held: a third claim by the first runner is told to wait, with a number Ruby's sleep takes.
        // (The Ruby worker would first finish its task; the wait answer is what any idle runner of the type gets.)
        JsonNode waiting = rubyClaim(runId, "host-c-1734000000-43");
        assertThat(waiting.path("status").asText()).isEqualTo("wait");
        assertThat(waiting.path("retry_after_seconds").isNumber()).isTrue();
        assertThat(waiting.path("retry_after_seconds").asDouble()).isGreaterThanOrEqualTo(0);

        rubySucceeds(firstClaim, first);
        rubyFails(secondClaim, second);

        assertThat(rubyClaim(runId, first).path("status").asText()).isEqualTo("done");
        assertThat(rubyClaim(runId, second).path("status").asText()).isEqualTo("done");

        // the original master: poll GET /runs/{id} until it reads completed, then download gzip_url at once
        Answer run = curl("GET", "/runs/" + runId, null, null);
        for (int polls = 0; polls < 100 && !run.jq("status").equals("completed"); polls++) {
            assertThat(run.jq("status")).isEqualTo("running");
            Thread.sleep(50);
            run = curl("GET", "/runs/" + runId, null, null);
        }
        assertThat(run.jq("status")).isEqualTo("completed");
        assertThat(run.jq("gzip_url")).isNotEqualTo("null");
        assertThat(run.jq("tasks.completed")).isEqualTo("1");
        assertThat(run.jq("tasks.failed")).isEqualTo("1");
        String taskId = firstClaim.path("task").path("id").asText();
        Map<String, String> results = TarGz.read(download(run.jq("gzip_url")));
        assertThat(results.get("laptop-" + taskId + "/output.txt")).contains("Mock Benchmark Starting");
        assertThat(results.get("laptop-" + taskId + "/metadata.json")).contains("\"runner_id\": \"" + first + "\"");
    }

    /** Worker#process_task on success: heartbeat thread's first beat, upload, complete. */
    private void rubySucceeds(JsonNode claim, String runner) throws Exception {
        JsonNode task = claim.path("task");
        JsonNode urls = claim.path("presigned_urls");
        String id = task.path("id").asText();
        assertThat(task.path("id").isIntegralNumber()).isTrue();
        assertThat(ruby("/tasks/" + id + "/heartbeat", KEY, "{\"runner_id\":\"" + runner + "\",\"status\":\"running\"}")
                .status()).isEqualTo(200);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("./output.txt", "Mock Benchmark Starting\nBenchmark Complete!\n");
        files.put("./metadata.json", "{\n  \"task_id\": " + id + ",\n  \"provider\": \"local\",\n  \"instance_type\": \"docker\",\n"
                + "  \"ruby_version\": \"3.4.7\",\n  \"run\": " + task.path("run_number").asInt() + ",\n"
                + "  \"status\": \"success\",\n  \"runner_id\": \"" + runner + "\",\n  \"alias\": \"laptop\"\n}");
        assertThat(rubyPut(urls.path("result_upload_url").asText(), TarGz.of(files))).isBetween(200, 299);
        Answer complete = ruby("/tasks/" + id + "/complete", KEY, "{\"runner_id\":\"" + runner + "\",\"s3_result_key\":\""
                + urls.path("result_key").asText() + "\"}");
        assertThat(complete.status()).isEqualTo(200);
    }

    /** Worker#handle_task_failure: heartbeat "error", error archive upload, fail with debug_mode false. */
    private void rubyFails(JsonNode claim, String runner) throws Exception {
        String id = claim.path("task").path("id").asText();
        JsonNode urls = claim.path("presigned_urls");
        assertThat(ruby("/tasks/" + id + "/heartbeat", KEY, "{\"runner_id\":\"" + runner + "\",\"status\":\"running\"}")
                .status()).isEqualTo(200);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("./error.txt", "Benchmark execution failed");
        files.put("./metadata.json", "{\"task_id\": " + id + ", \"status\": \"error\"}");
        assertThat(rubyPut(urls.path("error_upload_url").asText(), TarGz.of(files))).isBetween(200, 299);
        Answer failed = ruby("/tasks/" + id + "/fail", KEY, "{\"runner_id\":\"" + runner + "\",\"error_type\":"
                + "\"benchmark_failed\",\"error_message\":\"Benchmark execution failed\",\"s3_error_key\":\""
                + urls.path("error_key").asText() + "\",\"debug_mode\":false}");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.jq("message")).isEqualTo("Task marked as failed");
    }

    private JsonNode rubyClaim(String runId, String runner) throws Exception {
        Answer answer = ruby("/runs/" + runId + "/tasks/claim", KEY,
                "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}");
        // ApiClient#post returns nil on anything but 2xx, which the worker treats as a failed call
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    // ---- run ids as the original's clients may write them ----------------------------------------

    /**
     * The original orchestrator sent run ids as JSON numbers: jq 1.6 prints an 18-digit one as
     * {@code 1.7340000001234568e+17}, JavaScript as {@code 173400000012345680}. Either finds the run.
     */
    @Test
    void getRunFindsARunByItsIdReadAsANumber() throws Exception {
        String body = ORIGINAL_RUN_BODY.replace("{", "{\"run_id\": \"173400000012345678\",");
        assertThat(curl("POST", "/runs", KEY, body).status()).isEqualTo(201);
        for (String asNumber : new String[] {"173400000012345678", "173400000012345680", "1.7340000001234568e+17"}) {
            Answer run = curl("GET", "/runs/" + asNumber, null, null);
            assertThat(run.status()).as(asNumber).isEqualTo(200);
            assertThat(run.jq("run_id")).isEqualTo("173400000012345678");
            assertThat(curl("GET", "/runs/" + asNumber + "/tasks", null, null).jq("run_id")).isEqualTo("173400000012345678");
        }
        assertThat(curl("GET", "/runs/173400000012345999", null, null).status()).isEqualTo(404);
        assertThat(curl("GET", "/runs/173400000012345999", null, null).jq("error")).isEqualTo("Run not found");
    }

    // ---- the clients' HTTP -------------------------------------------------------------------------

    /** {@code curl -s -X METHOD [-H "Authorization: Bearer K"] -H "Content-Type: application/json" -d BODY}. */
    private Answer curl(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Accept", "*/*")
                .header("User-Agent", "curl/7.88.1");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(request);
    }

    /** Ruby's {@code Net::HTTP::Post} as {@code ApiClient#post} builds it: path only, JSON from {@code to_json}. */
    private Answer ruby(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Accept-Encoding", "gzip;q=1.0,deflate;q=0.6,identity;q=0.3")
                .header("Accept", "*/*").header("User-Agent", "Ruby")
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return send(request);
    }

    /** {@code Packager.upload_s3}: PUT of the archive to the URL's path and query, Content-Type application/gzip. */
    private int rubyPut(String url, byte[] archive) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/gzip").header("User-Agent", "Ruby")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(archive)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Answer(response.statusCode(), text == null || text.isBlank()
                ? json.createObjectNode() : json.readTree(text));
    }

    private URI url(String path) {
        return orchestrator.url().resolve(path);
    }
}
