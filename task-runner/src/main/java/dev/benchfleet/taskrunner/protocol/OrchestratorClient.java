package dev.benchfleet.taskrunner.protocol;

import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.CertificatePinning;
import dev.benchfleet.protocol.ClaimAnswer;
import dev.benchfleet.protocol.ClaimRequest;
import dev.benchfleet.protocol.CompleteRequest;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.protocol.FailRequest;
import dev.benchfleet.protocol.HeartbeatAnswer;
import dev.benchfleet.protocol.HeartbeatRequest;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.MessageAnswer;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.WireFormatException;
import dev.benchfleet.protocol.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task runner's side of {@code orchestrator-protocol.md}: claim, heartbeat, complete, fail, with the
 * bodies of {@code dev.benchfleet.protocol}. One call is one HTTP request; retrying is the caller's business.
 */
public final class OrchestratorClient {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorClient.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** The longest a claim asks to be held ({@code wait}); ours hold at most 20 s. */
    private static final Duration MAX_CLAIM_HOLD = Duration.ofSeconds(20);
    /** What a held claim leaves of the request timeout for the answer to arrive. */
    private static final Duration HOLD_MARGIN = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String baseUrl;
    private final ApiKey apiKey;
    private final Duration requestTimeout;
    private final WireJson wire;

    public OrchestratorClient(HttpClient http, URI baseUrl, ApiKey apiKey, Duration requestTimeout, WireJson wire) {
        this.http = http;
        this.baseUrl = stripTrailingSlash(baseUrl.toString());
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.wire = wire;
    }

    /**
     * {@code POST /runs/{run_id}/tasks/claim}, asking the orchestrator to hold a {@code wait} answer
     * until a task of the run finishes (at most 20 s, well within the request timeout), so the runner
     * comes back the moment there may be something for it.
     *
     * @param claimId the same for every retry of one claim: a retry whose first answer was lost gets the
     *     task that first attempt took (orchestrators that do not know it ignore it)
     */
    public ClaimResult claim(String runId, String provider, String instanceType, String runnerId, String claimId)
            throws OrchestratorException, InterruptedException {
        Duration hold = requestTimeout.minus(HOLD_MARGIN);
        hold = hold.compareTo(MAX_CLAIM_HOLD) > 0 ? MAX_CLAIM_HOLD : hold;
        ClaimAnswer answer = post(Endpoints.holding(Endpoints.claim(runId), hold),
                new ClaimRequest(provider, instanceType, runnerId, claimId), ClaimAnswer.class, requestTimeout);
        return switch (answer.status()) {
            case ASSIGNED -> new ClaimResult.Assigned(answer.task(), answer.presignedUrls());
            case WAIT -> new ClaimResult.Wait(answer.retryAfter().orElse(DEFAULT_RETRY_AFTER));
            case DONE -> new ClaimResult.Done(answer.message());
        };
    }

    /** {@code POST /tasks/{id}/heartbeat}. */
    public void heartbeat(TaskId taskId, String runnerId, HeartbeatStatus status, String message,
                          String currentBenchmark, Integer progressPct) throws OrchestratorException, InterruptedException {
        HeartbeatRequest body = new HeartbeatRequest(runnerId, status, message, currentBenchmark,
                progressPct);
        post(Endpoints.task(taskId, Endpoints.TaskReport.HEARTBEAT), body, HeartbeatAnswer.class, requestTimeout);
    }

    /** {@code POST /tasks/{id}/complete} with the key the result archive was uploaded under. */
    public void complete(TaskId taskId, String runnerId, String resultKey) throws OrchestratorException, InterruptedException {
        post(Endpoints.task(taskId, Endpoints.TaskReport.COMPLETE), new CompleteRequest(runnerId, resultKey), MessageAnswer.class, requestTimeout);
    }

    /** {@code POST /tasks/{id}/fail}; {@code timeout} lets shutdown use a shorter one. */
    public void fail(TaskId taskId, String runnerId, FailureReport report, Duration timeout)
            throws OrchestratorException, InterruptedException {
        FailRequest body = new FailRequest(runnerId, report.errorType().wire(), report.message(), report.errorKey(),
                report.debugMode() ? Boolean.TRUE : null);
        post(Endpoints.task(taskId, Endpoints.TaskReport.FAIL), body, MessageAnswer.class, timeout);
    }

    /** Same as {@link #fail(TaskId, String, FailureReport, Duration)} with the normal request timeout. */
    public void fail(TaskId taskId, String runnerId, FailureReport report) throws OrchestratorException, InterruptedException {
        fail(taskId, runnerId, report, requestTimeout);
    }

    private <T> T post(String path, Object body, Class<T> answerType, Duration timeout)
            throws OrchestratorException, InterruptedException {
        String endpoint = "POST " + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", apiKey.authorization())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.write(body)))
                .build();
        LOG.debug("{} {}", endpoint, body);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (CertificatePinning.mismatchIn(e).isPresent()) {
                throw new OrchestratorException.Untrusted("refusing the orchestrator at " + baseUrl + ": "
                        + CertificatePinning.mismatchIn(e).get().getMessage()
                        + "; check --orchestrator-cert-sha256 / " + dev.benchfleet.taskrunner.cli.CommandLineParser.CERT_SHA256_ENV, e);
            }
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
        String text = response.body();
        try {
            return wire.read(text == null || text.isBlank() ? "{}" : text, answerType);
        } catch (WireFormatException e) {
            throw new OrchestratorException.Unavailable(endpoint + " answered " + code + " with a body that is not"
                    + " the protocol: " + e.getMessage(), e);
        }
    }

    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String error = null;
        try {
            error = wire.read(body, MessageAnswer.class).error();
        } catch (WireFormatException e) {
            // not JSON: show the start of the raw body instead
        }
        return ": " + truncate(error != null ? error : body);
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

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
