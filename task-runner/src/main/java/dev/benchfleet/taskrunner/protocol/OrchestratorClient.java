package dev.benchfleet.taskrunner.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.taskrunner.cli.ApiKey;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task runner's side of {@code orchestrator-protocol.md}: claim, heartbeat, complete, fail.
 * One call is one HTTP request; retrying is the caller's business.
 */
public final class OrchestratorClient {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorClient.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String baseUrl;
    private final ApiKey apiKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;

    public OrchestratorClient(HttpClient http, URI baseUrl, ApiKey apiKey, Duration requestTimeout, ObjectMapper json) {
        this.http = http;
        this.baseUrl = stripTrailingSlash(baseUrl.toString());
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.json = json;
    }

    /** {@code POST /runs/{run_id}/tasks/claim}. */
    public ClaimResult claim(String runId, String provider, String instanceType, String runnerId)
            throws OrchestratorException, InterruptedException {
        ObjectNode body = json.createObjectNode()
                .put("provider", provider)
                .put("instance_type", instanceType)
                .put("runner_id", runnerId);
        JsonNode answer = post("/runs/" + encode(runId) + "/tasks/claim", body, requestTimeout);
        return parseClaim(answer);
    }

    /** {@code POST /tasks/{id}/heartbeat}; {@code timeout} lets shutdown use a shorter one. */
    public void heartbeat(TaskId taskId, String runnerId, HeartbeatStatus status, String message,
                          String currentBenchmark, Integer progressPct) throws OrchestratorException, InterruptedException {
        ObjectNode body = json.createObjectNode()
                .put("runner_id", runnerId)
                .put("status", status.wire());
        putIfPresent(body, "message", message);
        putIfPresent(body, "current_benchmark", currentBenchmark);
        if (progressPct != null) {
            body.put("progress_pct", progressPct);
        }
        post("/tasks/" + encode(taskId.value()) + "/heartbeat", body, requestTimeout);
    }

    /** {@code POST /tasks/{id}/complete} with the key the result archive was uploaded under. */
    public void complete(TaskId taskId, String runnerId, String resultKey) throws OrchestratorException, InterruptedException {
        ObjectNode body = json.createObjectNode()
                .put("runner_id", runnerId)
                .put("s3_result_key", resultKey);
        post("/tasks/" + encode(taskId.value()) + "/complete", body, requestTimeout);
    }

    /** {@code POST /tasks/{id}/fail}; {@code errorKey} only when the error archive was uploaded. */
    public void fail(TaskId taskId, String runnerId, FailureReport report, Duration timeout)
            throws OrchestratorException, InterruptedException {
        ObjectNode body = json.createObjectNode()
                .put("runner_id", runnerId)
                .put("error_type", report.errorType().wire())
                .put("error_message", report.message());
        putIfPresent(body, "s3_error_key", report.errorKey());
        if (report.debugMode()) {
            body.put("debug_mode", true);
        }
        post("/tasks/" + encode(taskId.value()) + "/fail", body, timeout);
    }

    /** Same as {@link #fail(TaskId, String, FailureReport, Duration)} with the normal request timeout. */
    public void fail(TaskId taskId, String runnerId, FailureReport report) throws OrchestratorException, InterruptedException {
        fail(taskId, runnerId, report, requestTimeout);
    }

    private JsonNode post(String path, ObjectNode body, Duration timeout) throws OrchestratorException, InterruptedException {
        String endpoint = "POST " + path;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(timeout)
                    .header("Authorization", apiKey.bearer())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
        LOG.debug("{} {}", endpoint, body);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OrchestratorException.Unavailable(endpoint + " failed: " + describe(e), e);
        }
        int code = response.statusCode();
        LOG.debug("{} -> {}", endpoint, code);
        if (code == 401) {
            throw new OrchestratorException.Unauthorized(
                    "the orchestrator rejected the API key (401 Unauthorized) on " + endpoint);
        }
        if (code >= 500 || code == 429 || code == 408) {
            throw new OrchestratorException.Unavailable(endpoint + " answered " + code + errorText(response.body()), null);
        }
        if (code >= 400) {
            throw new OrchestratorException.Rejected(code, endpoint + " answered " + code + errorText(response.body()));
        }
        if (code < 200 || code >= 300) {
            throw new OrchestratorException.Unavailable(endpoint + " answered unexpected " + code, null);
        }
        try {
            String text = response.body();
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OrchestratorException.Unavailable(endpoint + " answered " + code + " with a body that is not JSON", e);
        }
    }

    private static ClaimResult parseClaim(JsonNode answer) throws OrchestratorException {
        String status = answer.path("status").asText("");
        switch (status) {
            case "assigned":
                return parseAssigned(answer);
            case "wait":
                JsonNode retry = answer.path("retry_after_seconds");
                Duration retryAfter = retry.isNumber()
                        ? Duration.ofMillis(Math.max(0, Math.round(retry.asDouble() * 1000)))
                        : DEFAULT_RETRY_AFTER;
                return new ClaimResult.Wait(retryAfter);
            case "done":
                return new ClaimResult.Done(answer.path("message").asText(null));
            default:
                throw new OrchestratorException.Unavailable(
                        "claim answered an unknown status '" + truncate(status) + "'", null);
        }
    }

    private static ClaimResult parseAssigned(JsonNode answer) throws OrchestratorException {
        JsonNode task = answer.path("task");
        JsonNode urls = answer.path("presigned_urls");
        try {
            TaskInfo info = new TaskInfo(
                    TaskId.fromJson(task.get("id")),
                    required(task, "provider"),
                    required(task, "instance_type"),
                    task.path("instance_type_alias").asText(null),
                    task.path("run_number").asInt(1),
                    task.path("ruby_version").asText(""));
            UploadUrls uploads = new UploadUrls(
                    required(urls, "result_upload_url"),
                    required(urls, "error_upload_url"),
                    required(urls, "result_key"),
                    required(urls, "error_key"));
            return new ClaimResult.Assigned(info, uploads);
        } catch (IllegalArgumentException e) {
            throw new OrchestratorException.Unavailable("claim answered 'assigned' but " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Optional<String> error = Optional.empty();
        try {
            JsonNode node = json.readTree(body);
            if (node.hasNonNull("error")) {
                error = Optional.of(node.get("error").asText());
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the start of the raw body instead
        }
        return ": " + truncate(error.orElse(body));
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "connection refused";
        }
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    private static String truncate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
