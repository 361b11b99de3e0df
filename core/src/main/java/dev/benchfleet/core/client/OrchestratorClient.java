package dev.benchfleet.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The master's side of the orchestrator protocol: health, create, watch, stop, download.
 * Thread-safe. The API key goes only into the {@code Authorization} header.
 */
public final class OrchestratorClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final URI baseUrl;
    private final Secret apiKey;
    private final HttpClient http;
    private final ObjectMapper json;

    public OrchestratorClient(URI baseUrl, Secret apiKey, HttpClient http, ObjectMapper json) {
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.apiKey = apiKey;
        this.http = http;
        this.json = json;
    }

    /** A client with its own HTTP client. */
    public static OrchestratorClient create(URI baseUrl, Secret apiKey) {
        return create(baseUrl, apiKey, Optional.empty());
    }

    /**
     * A client with its own HTTP client that, given a certificate fingerprint, trusts only that
     * certificate ({@link CertificatePinning}); a mismatch fails every call, it never falls back.
     */
    public static OrchestratorClient create(URI baseUrl, Secret apiKey, Optional<String> certSha256) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        certSha256.ifPresent(pin -> builder.sslContext(CertificatePinning.sslContext(pin)));
        return new OrchestratorClient(baseUrl, apiKey, builder.build(), new ObjectMapper());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code GET /up}: true once the orchestrator accepts work; false on any error or other status. */
    public boolean isUp() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("up")).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            pinMismatch(e).ifPresent(mismatch -> {
                throw new ExternalException("refusing the orchestrator at " + baseUrl + ": " + mismatch.getMessage(),
                        "the certificate fingerprint in the journal or on the command line does not match; "
                                + "check --orchestrator-cert-sha256");
            });
            return false;
        }
    }

    /**
     * The newest sign of life of any task of the run: a claim or a heartbeat ({@code GET /runs/{id}/tasks}),
     * or empty when no task was claimed yet.
     */
    public Optional<Instant> lastActivity(String runId) throws InterruptedException {
        JsonNode answer = send(HttpRequest.newBuilder(baseUrl.resolve("runs/" + runId + "/tasks")).timeout(REQUEST_TIMEOUT)
                .GET().build(), 200, "read the tasks of run " + runId);
        Instant latest = null;
        for (JsonNode task : answer.path("tasks")) {
            for (String field : new String[]{"claimed_at", "heartbeat_at"}) {
                JsonNode value = task.path(field);
                if (value.isTextual()) {
                    try {
                        Instant at = Instant.parse(value.asText());
                        latest = latest == null || at.isAfter(latest) ? at : latest;
                    } catch (java.time.format.DateTimeParseException ignored) {
                        // a field this client does not understand is no sign of life
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private static Optional<Throwable> pinMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificatePinning.PinMismatchException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code POST /runs}: creates the run.
     *
     * @param body the run config plus {@code run_id}
     * @return how many tasks the orchestrator created
     */
    public int createRun(ObjectNode body) throws InterruptedException {
        JsonNode answer = send(authorized("runs").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").build(), 201, "create the run");
        return answer.path("tasks_created").asInt();
    }

    /** {@code GET /runs/{id}}. */
    public RunState run(String runId) throws InterruptedException {
        JsonNode answer = send(HttpRequest.newBuilder(baseUrl.resolve("runs/" + runId)).timeout(REQUEST_TIMEOUT).GET().build(),
                200, "read run " + runId);
        JsonNode tasks = answer.path("tasks");
        RunState.TaskCounts counts = new RunState.TaskCounts(tasks.path("total").asInt(), tasks.path("pending").asInt(),
                tasks.path("claimed").asInt(), tasks.path("running").asInt(), tasks.path("completed").asInt(),
                tasks.path("failed").asInt(), tasks.path("cancelled").asInt());
        JsonNode gzip = answer.path("gzip_url");
        return new RunState(answer.path("run_id").asText(runId), answer.path("status").asText(), counts,
                gzip.isTextual() ? gzip.asText() : null);
    }

    /** {@code POST /runs/{id}/stop}: cancels what is still open. A run that already ended is fine. */
    public void stopRun(String runId) throws InterruptedException {
        HttpRequest request = authorized("runs/" + runId + "/stop").POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200 && status != 422) {
                throw new ExternalException("the orchestrator answered " + status + " when asked to stop run " + runId);
            }
        } catch (IOException e) {
            throw unreachable("stop run " + runId, e);
        }
    }

    /** Downloads {@code url} (the results archive; needs no API key) into {@code target}. */
    public void download(URI url, Path target) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(DOWNLOAD_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ExternalException("downloading the results archive answered " + response.statusCode());
                }
                Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unreachable("download the results archive", e);
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey.reveal());
    }

    private JsonNode send(HttpRequest request, int expected, String what) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = parse(response.body());
            if (response.statusCode() != expected) {
                String error = body.path("error").asText(response.body());
                String fix = response.statusCode() == 401 ? "check the API key (-k/--api-key or api_key in the config)" : null;
                throw new ExternalException("the orchestrator refused to " + what + ": HTTP " + response.statusCode()
                        + " " + error, fix);
            }
            return body;
        } catch (IOException e) {
            throw unreachable(what, e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private ExternalException unreachable(String what, IOException e) {
        Optional<Throwable> mismatch = pinMismatch(e);
        if (mismatch.isPresent()) {
            return new ExternalException("refusing the orchestrator at " + baseUrl + ": " + mismatch.get().getMessage(),
                    "the pinned certificate fingerprint does not match the orchestrator's certificate", e);
        }
        String reason = e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ExternalException("could not " + what + " at " + baseUrl + " (" + reason + ")",
                "check that the orchestrator is running and reachable", e);
    }
}
