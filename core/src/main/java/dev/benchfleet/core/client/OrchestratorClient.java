package dev.benchfleet.core.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.protocol.CertificatePinning;
import dev.benchfleet.protocol.CreateRunAnswer;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.protocol.MessageAnswer;
import dev.benchfleet.protocol.OrchestratorTls;
import dev.benchfleet.protocol.RunAnswer;
import dev.benchfleet.protocol.RunnerTokenAnswer;
import dev.benchfleet.protocol.TaskDetail;
import dev.benchfleet.protocol.TaskList;
import dev.benchfleet.protocol.WireFormatException;
import dev.benchfleet.protocol.WireJson;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The master's side of the orchestrator protocol: health, create, watch, stop, download, with the
 * bodies of {@code dev.benchfleet.protocol}. Thread-safe. The API key goes only into the
 * {@code Authorization} header.
 */
public final class OrchestratorClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final URI baseUrl;
    private final Secret apiKey;
    private final HttpClient http;
    private final WireJson wire;

    public OrchestratorClient(URI baseUrl, Secret apiKey, HttpClient http, ObjectMapper json) {
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.apiKey = apiKey;
        this.http = http;
        this.wire = new WireJson(json);
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
        OrchestratorTls.configure(builder, baseUrl, certSha256.orElse(null));
        return new OrchestratorClient(baseUrl, apiKey, builder.build(), WireJson.defaultMapper());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code GET /up}: true once the orchestrator accepts work; false on any error or other status. */
    public boolean isUp() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(resolve(Endpoints.UP)).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            CertificatePinning.mismatchIn(e).ifPresent(mismatch -> {
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
        Instant latest = null;
        for (TaskDetail task : tasks(runId)) {
            for (String value : new String[]{task.claimedAt(), task.heartbeatAt()}) {
                if (value != null) {
                    try {
                        Instant at = Instant.parse(value);
                        latest = latest == null || at.isAfter(latest) ? at : latest;
                    } catch (java.time.format.DateTimeParseException ignored) {
                        // a field this client does not understand is no sign of life
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Every task of the run with its provider, alias, status and claim ({@code GET /runs/{id}/tasks}). */
    public java.util.List<TaskDetail> tasks(String runId) throws InterruptedException {
        return send(HttpRequest.newBuilder(resolve(Endpoints.runTasks(runId))).timeout(REQUEST_TIMEOUT)
                .GET().build(), 200, "read the tasks of run " + runId, TaskList.class).tasks();
    }

    /**
     * {@code POST /runs}: creates the run.
     *
     * @param body the run config plus {@code run_id}
     * @return how many tasks the orchestrator created
     */
    public int createRun(ObjectNode body) throws InterruptedException {
        HttpRequest request = authorized(Endpoints.RUNS)
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.write(body)))
                .header("Content-Type", "application/json").build();
        return send(request, 201, "create the run", CreateRunAnswer.class).tasksCreated();
    }

    /**
     * {@code PUT /artifacts/task-runner/<sha256>.jar} with the admin key (idempotent).
     *
     * @return false when the orchestrator does not know the endpoint ({@code 404}/{@code 405}: not ours)
     */
    public boolean uploadTaskRunnerJar(String sha256, Path jar) throws InterruptedException {
        String what = "take the task runner jar " + sha256;
        HttpResponse<String> response;
        try {
            response = http.send(authorized(Endpoints.taskRunnerJar(sha256)).timeout(DOWNLOAD_TIMEOUT)
                    .header("Content-Type", "application/java-archive")
                    .PUT(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.FileNotFoundException e) {
            throw new ExternalException("cannot read the task runner jar " + jar + ": " + e.getMessage(),
                    "check BENCHFLEET_TASK_RUNNER_JAR");
        } catch (IOException e) {
            throw unreachable(what, e);
        }
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            return false;
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            answer(response, 200, what, MessageAnswer.class); // throws, with the orchestrator's reason
        }
        return true;
    }

    /**
     * {@code GET /runs/{id}/runner-token} with the admin key: the credential of the run's task runners.
     *
     * @return empty when the orchestrator issues none ({@code 404} for a run that exists: not ours)
     */
    public Optional<Secret> runnerToken(String runId) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(authorized(Endpoints.runnerToken(runId)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable("read the runner token of run " + runId, e);
        }
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            return Optional.empty();
        }
        return Optional.of(Secret.of(answer(response, 200, "read the runner token of run " + runId,
                RunnerTokenAnswer.class).runnerToken()));
    }

    /** {@code GET /runs/{id}}. */
    public RunState run(String runId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resolve(Endpoints.run(runId))).timeout(REQUEST_TIMEOUT).GET().build();
        return runState(send(request, 200, "read run " + runId, RunAnswer.class));
    }

    /**
     * {@code GET /runs/{id}?wait=}, sent without blocking: the orchestrator holds the answer up to
     * {@code hold} (it caps it at 20 s) until the run's status or counts change, and answers a finished
     * run at once; one without long polls answers at once. The future fails with an
     * {@link ExternalException} where {@link #run(String)} would throw one.
     */
    public CompletableFuture<RunState> watchRun(String runId, Duration hold) {
        HttpRequest request = HttpRequest.newBuilder(resolve(Endpoints.holding(Endpoints.run(runId), hold)))
                .timeout(REQUEST_TIMEOUT.plus(hold)).GET().build();
        String what = "read run " + runId;
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw cause instanceof IOException io ? unreachable(what, io)
                                : new ExternalException("could not " + what + " at " + baseUrl + " (" + cause + ")");
                    }
                    return runState(answer(response, 200, what, RunAnswer.class));
                });
    }

    private static RunState runState(RunAnswer answer) {
        return new RunState(answer.runId(), answer.status().wire(), answer.tasks(), answer.gzipUrl());
    }

    /** {@code POST /runs/{id}/stop}: cancels what is still open. A run that already ended is fine. */
    public void stopRun(String runId) throws InterruptedException {
        HttpRequest request = authorized(Endpoints.stopRun(runId)).POST(HttpRequest.BodyPublishers.noBody()).build();
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

    /** A protocol path (absolute, as {@link Endpoints} gives it) below the base URL, which may have a path of its own. */
    private URI resolve(String path) {
        return baseUrl.resolve(path.substring(1));
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey.reveal());
    }

    private <T> T send(HttpRequest request, int expected, String what, Class<T> answerType) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(what, e);
        }
        return answer(response, expected, what, answerType);
    }

    private <T> T answer(HttpResponse<String> response, int expected, String what, Class<T> answerType) {
        String body = response.body() == null || response.body().isBlank() ? "{}" : response.body();
        if (response.statusCode() != expected) {
            String error = body;
            try {
                String said = wire.read(body, MessageAnswer.class).error();
                error = said == null ? body : said;
            } catch (WireFormatException e) {
                // not JSON: show the raw body
            }
            String fix = response.statusCode() == 401 ? "check the API key (-k/--api-key or api_key in the config)" : null;
            throw new ExternalException("the orchestrator refused to " + what + ": HTTP " + response.statusCode()
                    + " " + error, fix);
        }
        try {
            return wire.read(body, answerType);
        } catch (WireFormatException e) {
            throw new ExternalException("the orchestrator's answer to " + what + " is not the protocol: " + e.getMessage(),
                    "check that " + baseUrl + " is a Benchfleet orchestrator");
        }
    }

    private ExternalException unreachable(String what, IOException e) {
        Optional<CertificatePinning.PinMismatchException> mismatch = CertificatePinning.mismatchIn(e);
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
