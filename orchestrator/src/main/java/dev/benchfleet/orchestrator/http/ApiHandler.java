package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.orchestrator.dashboard.DashboardPage;
import dev.benchfleet.orchestrator.runs.ClaimOutcome;
import dev.benchfleet.orchestrator.runs.HeartbeatReport;
import dev.benchfleet.orchestrator.runs.OrchestratorException;
import dev.benchfleet.orchestrator.runs.RunService;
import dev.benchfleet.orchestrator.runs.RunSpecParser;
import dev.benchfleet.orchestrator.runs.RunView;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.orchestrator.uploads.Blobs;
import dev.benchfleet.orchestrator.uploads.ObjectStore;
import dev.benchfleet.orchestrator.uploads.UploadRejectedException;
import dev.benchfleet.orchestrator.uploads.UploadSigner;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.protocol.ClaimAnswer;
import dev.benchfleet.protocol.ClaimRequest;
import dev.benchfleet.protocol.CompleteRequest;
import dev.benchfleet.protocol.CreateRunAnswer;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.protocol.FailRequest;
import dev.benchfleet.protocol.HeartbeatAnswer;
import dev.benchfleet.protocol.HeartbeatRequest;
import dev.benchfleet.protocol.MessageAnswer;
import dev.benchfleet.protocol.RunId;
import dev.benchfleet.protocol.RunList;
import dev.benchfleet.protocol.RunnerTokenAnswer;
import dev.benchfleet.protocol.RunnerTokens;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.TaskList;
import dev.benchfleet.protocol.UploadUrls;
import dev.benchfleet.protocol.WireFormatException;
import dev.benchfleet.protocol.WireJson;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP endpoint of the orchestrator protocol, plus the dashboard, upload and download URLs.
 * Routing is by path segments; protocol refusals become {@code {"error": ...}} answers.
 */
public final class ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** The overview page shows task tables for this many of the newest runs. */
    private static final int OVERVIEW_RUNS_WITH_TASKS = 5;
    /** Most tasks one {@code GET /runs/{id}/tasks} answer or one dashboard page lists. */
    static final int MAX_TASKS_PER_PAGE = 1000;
    /** Task rows the overview shows per run (the run's own page has them all, page by page). */
    private static final int OVERVIEW_TASKS_PER_RUN = 100;
    static final String TASK_RUNNER_JAR = "task-runner.jar";
    private static final String TASK_RUNNER_JARS = "/artifacts/task-runner/";

    /**
     * How the transport reads a request's body before {@link #handle}: up to {@code limit} bytes; when
     * {@code spool}, past {@link JettyTransport#UPLOAD_IN_MEMORY_BYTES} on to a temporary file.
     */
    public record BodyPlan(long limit, boolean spool) {
        static final BodyPlan NONE = new BodyPlan(0, false);
        static final BodyPlan JSON = new BodyPlan(Exchange.MAX_JSON_BYTES, false);
    }

    private final RunService runs;
    private final RunnerAccess access;
    private final TaskRunnerJars taskRunnerJars;
    private final ObjectMapper json;
    private final WireJson wire;
    /** A host name or address with an optional port: nothing that could bend a URL. */
    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private final DashboardPage dashboard = new DashboardPage();
    private final RunSpecParser parser;
    private final InFlight inFlight = new InFlight();
    private final RunChanges changes;
    private final BundledArtifact taskRunnerJar =
            new BundledArtifact("dev/benchfleet/orchestrator/artifacts/" + TASK_RUNNER_JAR);
    private final UploadSigner signer;
    private final Clock clock;
    private final String publicUrl;
    private final String boundUrl;
    private final boolean localUploadPaths;
    private final long maxUploadBytes;
    /** The answers to every heartbeat and completion, written once: most requests get one of these. */
    private final Map<TaskStatus, byte[]> heartbeatAnswers = new java.util.EnumMap<>(TaskStatus.class);
    private final byte[] completedAnswer;

    /**
     * @param publicUrl base of every URL handed out (upload and results URLs), or null to follow the
     *     {@code Host} each request came in on, so that a runner in a container that reaches this
     *     server as {@code host.docker.internal} gets upload URLs it can reach too
     * @param boundUrl where the server listens; the base when a request has no usable {@code Host}
     * @param localUploadPaths hand out file paths instead of upload URLs
     * @param changes the long polls, signalled at every change this handler makes
     */
    public ApiHandler(RunService runs, ApiKey apiKey, ObjectMapper json, UploadSigner signer, Clock clock,
                      String publicUrl, String boundUrl, boolean localUploadPaths, long maxUploadBytes,
                      RunChanges changes) {
        this.runs = runs;
        this.changes = changes;
        this.access = new RunnerAccess(apiKey, runs);
        this.taskRunnerJars = new TaskRunnerJars(runs.objects(), taskRunnerJar);
        this.json = json;
        this.wire = new WireJson(json);
        SecureRandom random = new SecureRandom();
        this.parser = new RunSpecParser(() -> RunId.generate(clock, random));
        this.signer = signer;
        this.clock = clock;
        this.publicUrl = publicUrl == null ? null : withoutTrailingSlash(publicUrl);
        this.boundUrl = withoutTrailingSlash(boundUrl);
        this.localUploadPaths = localUploadPaths;
        this.maxUploadBytes = maxUploadBytes;
        for (TaskStatus status : TaskStatus.values()) {
            heartbeatAnswers.put(status, wire.write(HeartbeatAnswer.received(status)));
        }
        this.completedAnswer = wire.write(MessageAnswer.message("Task marked as completed"));
    }

    /**
     * What body {@code ex} may carry: uploads with a valid signature up to the upload limit (spooled
     * to disk), other {@code POST}s 1 MiB of JSON, everything else none (an unsigned upload is
     * refused before a byte of it is read).
     */
    public BodyPlan bodyPlan(Exchange ex) {
        String path = ex.rawPath() == null ? "" : ex.rawPath();
        if (ex.method().equals("PUT") && path.startsWith("/uploads/")) {
            String key = path.substring("/uploads/".length());
            Map<String, String> query = query(ex.rawQuery());
            return ObjectStore.isValidKey(key)
                    && signer.verify(key, query.get("expires"), query.get("signature"), clock.instant())
                    ? new BodyPlan(maxUploadBytes, true) : BodyPlan.NONE;
        }
        if (ex.method().equals("PUT") && path.startsWith(TASK_RUNNER_JARS) && access.isAdmin(ex.header("Authorization"))) {
            return new BodyPlan(TaskRunnerJars.MAX_BYTES, true);
        }
        return ex.method().equals("POST") ? BodyPlan.JSON : BodyPlan.NONE;
    }

    /** Answers one request whose body the transport has read; the answer is left in {@code ex}. */
    public void handle(Exchange ex) {
        inFlight.enter();
        try {
            route(ex, segments(ex.rawPath()));
        } catch (OrchestratorException e) {
            reply(ex, e.kind().httpStatus(), e.getMessage());
        } catch (UnauthorizedException e) {
            reply(ex, 401, "Unauthorized");
        } catch (MethodNotAllowedException e) {
            reply(ex, 405, "Method not allowed");
        } catch (Exchange.PayloadTooLargeException e) {
            reply(ex, 413, e.getMessage());
        } catch (UploadRejectedException e) {
            reply(ex, e.tooLarge() ? 413 : 400, e.getMessage());
        } catch (RuntimeException | IOException e) {
            // Only the first path segment: upload and result paths carry credentials.
            LOG.error("{} /{}/... failed", ex.method(), firstSegmentOf(ex.rawPath()), e);
            reply(ex, 500, "Internal error");
        } finally {
            inFlight.exit();
        }
    }

    /**
     * Answers held long polls at once, then waits until no request is being handled, up to {@code timeout}.
     *
     * @return false when requests were still running at the timeout
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        changes.release(); // held long polls answer now instead of at their bound
        return inFlight.awaitIdle(timeout);
    }

    private void reply(Exchange ex, int status, String message) {
        try {
            ex.sendError(status, message);
        } catch (IOException | RuntimeException e) {
            // headers may already be out, or the client left; nothing more to tell it
            LOG.debug("Could not send error answer: {}", e.toString());
        }
    }

    private void route(Exchange ex, List<String> path) throws IOException {
        String method = ex.method();
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        switch (first) {
            case "up" -> {
                if (n == 1) {
                    allow(method, "GET");
                    ex.sendJson(200, json.createObjectNode().put("status", "ok"));
                    return;
                }
            }
            case "" -> {
                if (n == 0) {
                    allow(method, "GET");
                    overview(ex);
                    return;
                }
            }
            case "dashboard" -> {
                allow(method, "GET");
                if (n == 1) {
                    overview(ex);
                    return;
                }
                if (n == 3 && path.get(1).equals("runs")) {
                    dashboardRun(ex, path.get(2));
                    return;
                }
            }
            case "runs" -> {
                if (routeRuns(ex, method, path)) {
                    return;
                }
            }
            case "tasks" -> {
                if (n == 3) {
                    allow(method, "POST");
                    long taskId = taskId(path.get(1));
                    access.forTask(ex.header("Authorization"), taskId);
                    switch (path.get(2)) {
                        case "heartbeat" -> heartbeat(ex, taskId);
                        case "complete" -> complete(ex, taskId);
                        case "fail" -> fail(ex, taskId);
                        default -> throw OrchestratorException.notFound("Not found");
                    }
                    return;
                }
            }
            case "uploads" -> {
                if (n >= 2) {
                    allow(method, "PUT");
                    upload(ex, String.join("/", path.subList(1, n)));
                    return;
                }
            }
            case "artifacts" -> {
                if (n == 2) {
                    allow(method, "GET");
                    artifact(ex, path.get(1));
                    return;
                }
                if (n == 3 && path.get(1).equals("task-runner")) {
                    allow(method, "GET", "PUT");
                    taskRunnerJar(ex, path.get(2));
                    return;
                }
            }
            case "results" -> {
                if (n == 2 && path.get(1).endsWith(".tar.gz")) {
                    allow(method, "GET");
                    String token = path.get(1).substring(0, path.get(1).length() - ".tar.gz".length());
                    Blobs.Blob archive = runs.resultsArchive(token)
                            .orElseThrow(() -> OrchestratorException.notFound("Results not found"));
                    ex.sendStream(new Exchange.StreamBody() {
                        @Override
                        public long length() {
                            return archive.size();
                        }

                        @Override
                        public java.io.InputStream open() throws IOException {
                            return archive.open();
                        }
                    }, "application/gzip");
                    return;
                }
            }
            default -> {
                // falls through to the 404 below
            }
        }
        throw OrchestratorException.notFound("Not found");
    }

    private boolean routeRuns(Exchange ex, String method, List<String> path) throws IOException {
        int n = path.size();
        if (n == 1) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                String base = baseUrl(ex);
                ex.sendJson(200, new RunList(runs.newestRuns().stream().map(view -> JsonViews.run(view, base)).toList()));
            } else {
                access.requireAdmin(ex.header("Authorization"));
                createRun(ex);
            }
            return true;
        }
        String runId = path.get(1);
        if (n == 2) {
            allow(method, "GET");
            ex.sendJson(200, JsonViews.run(watchRun(runId, requestedWait(ex)), baseUrl(ex)));
            return true;
        }
        if (n == 3 && path.get(2).equals("tasks")) {
            allow(method, "GET");
            listTasks(ex, runId);
            return true;
        }
        if (n == 3 && path.get(2).equals("stop")) {
            allow(method, "POST");
            access.requireAdmin(ex.header("Authorization"));
            runs.stop(runId);
            changes.signal();
            ex.sendJson(200, MessageAnswer.message("Run " + runId + " stopped"));
            return true;
        }
        if (n == 4 && path.get(2).equals("tasks") && path.get(3).equals("claim")) {
            allow(method, "POST");
            if (access.forRun(ex.header("Authorization"), runId) == RunnerAccess.Grant.RUN_ENDED) {
                // its token claims nothing any more; "done" lets its runner exit as for any finished run
                ex.sendJson(200, ClaimAnswer.done("run " + runId + " has ended"));
            } else {
                claim(ex, runId);
            }
            return true;
        }
        if (n == 3 && path.get(2).equals("runner-token")) {
            allow(method, "GET");
            access.requireAdmin(ex.header("Authorization"));
            String token = access.tokenOf(runId);
            ex.sendJson(200, new RunnerTokenAnswer(RunnerTokens.runIdOf(token).orElseThrow(), token));
            return true;
        }
        return false;
    }

    private void createRun(Exchange ex) throws IOException {
        List<TaskRecord> tasks = runs.createRun(parser.parse(ex.jsonBody()));
        changes.signal();
        ex.sendJson(201, new CreateRunAnswer(tasks.get(0).runId(), tasks.size(),
                tasks.stream().map(JsonViews::taskSummary).toList()));
    }

    private void claim(Exchange ex, String runId) throws IOException {
        ClaimRequest req = bind(ex, ClaimRequest.class);
        String provider = Fields.required(req.provider(), "provider", 200);
        String instanceType = Fields.required(req.instanceType(), "instance_type", 200);
        String runnerId = Fields.required(req.runnerId(), "runner_id", 200);
        String claimId = Fields.optional(req.claimId(), "claim_id", 100);
        claimId = claimId == null || claimId.isEmpty() ? null : claimId;
        Duration wait = requestedWait(ex);
        long deadline = System.nanoTime() + Math.min(wait.toNanos(), RunChanges.MAX_HOLD.toNanos());
        RunView seen = wait.isZero() ? null : runs.run(runId);
        ClaimOutcome outcome = runs.claim(runId, provider, instanceType, runnerId, claimId);
        boolean held = false;
        // Told to wait and willing to: hold until the run changes (a task of it finishes, the run ends), then
        // claim again. Nothing but a change can turn "wait" into "assigned", so the runner is claimed for
        // only right after a change, while it is still on the line.
        while (outcome instanceof ClaimOutcome.Wait && seen != null && System.nanoTime() < deadline) {
            RunView before = seen;
            Optional<RunView> after = awaitInterruptibly(() -> changes.awaitChange(before,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> runs.run(runId)));
            if (after.isEmpty()) {
                break; // no slot free: answer as to a runner that did not ask to wait
            }
            held = true;
            if (after.get().equals(before)) {
                break; // held to the end of the bound: ask again at once
            }
            seen = after.get();
            outcome = runs.claim(runId, provider, instanceType, runnerId, claimId);
        }
        if (outcome instanceof ClaimOutcome.Assigned) {
            changes.signal();
        }
        ClaimAnswer answer;
        if (outcome instanceof ClaimOutcome.Assigned a) {
            TaskRecord t = a.task();
            String base = baseUrl(ex);
            answer = ClaimAnswer.assigned(
                    new AssignedTask(TaskId.of(t.id()), t.provider(), t.instanceType(), t.alias(), t.runNumber(),
                            a.rubyVersion(),
                            // an extra field: runners that do not know it ignore it
                            a.benchmarkSettings() == null ? null : json.readTree(a.benchmarkSettings())),
                    new UploadUrls(uploadUrl(base, a.resultKey(), a.uploadsExpire()),
                            uploadUrl(base, a.errorKey(), a.uploadsExpire()), a.resultKey(), a.errorKey()));
        } else if (outcome instanceof ClaimOutcome.Wait w) {
            answer = ClaimAnswer.waitFor(held ? Duration.ZERO : Duration.ofSeconds(w.retryAfterSeconds()));
        } else {
            answer = ClaimAnswer.done(((ClaimOutcome.Done) outcome).message());
        }
        ex.sendJson(200, answer);
    }

    /**
     * {@code GET /runs/{id}}, held up to {@code wait} until the run's status or counts change, so that
     * the master learns at once that its run finished. A run whose tasks are over reads as running
     * until its results archive is stored ({@link dev.benchfleet.orchestrator.store.RunRecord#reportedStatus()}),
     * so it is held like one, and the answer that says {@code completed} brings the {@code gzip_url}.
     */
    private RunView watchRun(String runId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        RunView now = runs.run(runId);
        while (!wait.isZero() && !now.run().reportedStatus().isFinal()) {
            RunView before = now;
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                break;
            }
            now = awaitInterruptibly(() -> changes.awaitChange(before, left, () -> runs.run(runId))).orElse(before);
            if (now.equals(before) || !now.run().status().isFinal()) {
                break; // held to the end of the wait, or a change to tell
            }
            // the run's tasks are over and its archive is being built: the answer that tells it brings the gzip_url
        }
        return now;
    }

    /** The {@code wait} query parameter in seconds (fractions allowed), zero when absent. */
    private static Duration requestedWait(Exchange ex) {
        try {
            return RunChanges.requested(query(ex.rawQuery()).get(Endpoints.WAIT_PARAMETER));
        } catch (IllegalArgumentException e) {
            throw OrchestratorException.badRequest(e.getMessage());
        }
    }

    private interface Hold<T> {
        Optional<T> run() throws InterruptedException;
    }

    private static <T> Optional<T> awaitInterruptibly(Hold<T> hold) {
        try {
            return hold.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty(); // shutting down: answer with what there is
        }
    }

    /** The request body bound to its protocol record; a body that does not fit is a 400 naming the field. */
    private <T> T bind(Exchange ex, Class<T> type) {
        return ex.bind(wire, type);
    }

    /**
     * {@code GET /runs/{id}/tasks[?after=<task id>&limit=<n>]}: at most {@link #MAX_TASKS_PER_PAGE}
     * tasks in id order after {@code after}; {@code next_after} is the {@code after} of the next
     * page, null on the last one. A run of 100,000 tasks never becomes one huge answer.
     */
    private void listTasks(Exchange ex, String runId) throws IOException {
        Map<String, String> query = query(ex.rawQuery());
        long after = nonNegative(query.get("after"), "after", 0);
        int limit = (int) Math.min(nonNegative(query.get("limit"), "limit", MAX_TASKS_PER_PAGE), MAX_TASKS_PER_PAGE);
        List<TaskRecord> page = runs.tasks(runId, after, limit + 1);
        boolean more = page.size() > limit;
        List<TaskRecord> shown = more ? page.subList(0, limit) : page;
        String id = shown.isEmpty() ? runs.run(runId).run().runId() : shown.get(0).runId();
        // the protocol's TaskList, plus where the next page starts
        ObjectNode body = json.valueToTree(new TaskList(id, shown.stream().map(JsonViews::taskDetail).toList()));
        if (more) {
            body.put("next_after", page.get(limit - 1).id());
        } else {
            body.putNull("next_after");
        }
        ex.sendJson(200, body);
    }

    private static long nonNegative(String raw, String name, long fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        if (!raw.matches("[0-9]{1,18}")) {
            throw OrchestratorException.badRequest(name + " must be a whole number >= 0");
        }
        return Long.parseLong(raw);
    }

    /** {@code GET /artifacts/task-runner.jar} and {@code .sha256} (as {@code sha256sum} prints it); no key. */
    private void artifact(Exchange ex, String name) {
        boolean checksum = name.equals(TASK_RUNNER_JAR + ".sha256");
        if (!name.equals(TASK_RUNNER_JAR) && !checksum) {
            throw OrchestratorException.notFound("Not found");
        }
        BundledArtifact.Content jar = taskRunnerJar.content().orElseThrow(() -> OrchestratorException.notFound(
                TASK_RUNNER_JAR + " is not bundled in this build (only orchestrator.jar carries it)"));
        if (checksum) {
            ex.sendText(200, jar.sha256() + "  " + TASK_RUNNER_JAR + "\n");
        } else {
            ex.sendBytes(200, "application/java-archive", jar.bytes());
        }
    }

    /**
     * {@code GET /artifacts/task-runner/<sha256>.jar} (no key: a jar is no secret and its name is its
     * hash) and {@code PUT} of the same (admin key; the body must hash to the name; idempotent).
     */
    private void taskRunnerJar(Exchange ex, String segment) throws IOException {
        String sha256 = TaskRunnerJars.hashIn(segment).orElseThrow(() -> OrchestratorException.notFound(
                "Not found: a task runner jar is /artifacts/task-runner/<64 lower-case hex digits>.jar"));
        if (ex.method().equals("PUT")) {
            access.requireAdmin(ex.header("Authorization"));
            TaskRunnerJars.Stored stored;
            try (java.io.InputStream body = ex.bodyStream()) {
                stored = taskRunnerJars.put(sha256, body);
            }
            ex.sendJson(stored.created() ? 201 : 200, json.createObjectNode().put("sha256", stored.sha256())
                    .put("bytes", stored.bytes()).put("created", stored.created()));
            return;
        }
        Exchange.StreamBody jar = taskRunnerJars.find(sha256).orElseThrow(() -> OrchestratorException.notFound(
                "No task runner jar with SHA-256 " + sha256 + " (the master uploads its own before its runners start)"));
        ex.sendStream(jar, "application/java-archive");
    }

    /** The base of URLs handed out in answer to this request. */
    private String baseUrl(Exchange ex) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String host = ex.header("Host");
        String scheme = ex.secure() ? "https://" : "http://";
        return host != null && HOST.matcher(host).matches() ? scheme + host : boundUrl;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String uploadUrl(String base, String key, Instant expires) throws IOException {
        if (localUploadPaths && runs.objects() instanceof ObjectStore files) {
            return files.pathToWrite(key).toString();
        }
        return base + "/uploads/" + key + "?" + signer.query(key, expires);
    }

    private void heartbeat(Exchange ex, long taskId) throws IOException {
        HeartbeatRequest req = bind(ex, HeartbeatRequest.class);
        String runnerId = Fields.required(req.runnerId(), "runner_id", 200);
        if (req.status() == null) {
            throw OrchestratorException.badRequest("status is required");
        }
        HeartbeatReport report = new HeartbeatReport(req.status().wire(), Fields.optionalText(req.message(), 2000),
                Fields.optionalText(req.currentBenchmark(), 500), Fields.optionalPercent(req.progressPct(), "progress_pct"));
        // No signal: a heartbeat frees no task, and the run's counts see it (claimed to running) only once the
        // buffered report is written, which a held GET /runs/{id} reads within its recheck. Waking every held
        // request at every heartbeat only made each read the run again.
        TaskStatus taskStatus = runs.heartbeat(taskId, runnerId, report);
        ex.sendBytes(200, "application/json", heartbeatAnswers.get(taskStatus));
    }

    private void complete(Exchange ex, long taskId) throws IOException {
        CompleteRequest req = bind(ex, CompleteRequest.class);
        String runnerId = Fields.required(req.runnerId(), "runner_id", 200);
        String key = Fields.required(req.s3ResultKey(), "s3_result_key", 1000);
        runs.complete(taskId, runnerId, key);
        changes.signal();
        ex.sendBytes(200, "application/json", completedAnswer);
    }

    private void fail(Exchange ex, long taskId) throws IOException {
        FailRequest req = bind(ex, FailRequest.class);
        String runnerId = Fields.required(req.runnerId(), "runner_id", 200);
        String errorType = Fields.requiredText(req.errorType(), "error_type", 200);
        String errorMessage = Fields.requiredText(req.errorMessage(), "error_message", 10_000);
        String errorKey = Fields.optional(req.s3ErrorKey(), "s3_error_key", 1000);
        runs.fail(taskId, runnerId, errorType, errorMessage, errorKey);
        changes.signal();
        ex.sendJson(200, MessageAnswer.message("Task marked as failed"));
    }

    private void upload(Exchange ex, String key) throws IOException {
        Map<String, String> query = query(ex.rawQuery());
        if (!ObjectStore.isValidKey(key)
                || !signer.verify(key, query.get("expires"), query.get("signature"), clock.instant())) {
            throw new OrchestratorException(OrchestratorException.Kind.FORBIDDEN, "Upload URL is invalid or expired");
        }
        long size;
        try (java.io.InputStream body = ex.bodyStream()) {
            size = runs.objects().write(key, body, maxUploadBytes);
        }
        ex.sendJson(200, json.createObjectNode().put("key", key).put("bytes", size));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private void overview(Exchange ex) {
        List<RunView> recent = runs.newestRuns();
        Map<String, List<TaskRecord>> tasks = new LinkedHashMap<>();
        for (RunView view : recent.subList(0, Math.min(OVERVIEW_RUNS_WITH_TASKS, recent.size()))) {
            tasks.put(view.run().runId(), runs.tasks(view.run().runId(), 0, OVERVIEW_TASKS_PER_RUN));
        }
        ex.sendHtml(200, dashboard.overview(recent, tasks, clock.instant()));
    }

    /** One run's page: {@link #MAX_TASKS_PER_PAGE} tasks at a time, {@code ?after=<task id>} for the next. */
    private void dashboardRun(Exchange ex, String runId) {
        long after;
        try {
            after = nonNegative(query(ex.rawQuery()).get("after"), "after", 0);
        } catch (OrchestratorException e) {
            after = 0;
        }
        try {
            RunView view = runs.run(runId);
            List<TaskRecord> page = runs.tasks(runId, after, MAX_TASKS_PER_PAGE + 1);
            Long next = page.size() > MAX_TASKS_PER_PAGE ? page.get(MAX_TASKS_PER_PAGE - 1).id() : null;
            ex.sendHtml(200, dashboard.run(view, page.subList(0, Math.min(page.size(), MAX_TASKS_PER_PAGE)),
                    next, clock.instant()));
        } catch (OrchestratorException e) {
            ex.sendHtml(404, dashboard.notFound(runId));
        }
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowedException();
    }

    private static long taskId(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw OrchestratorException.notFound("Task not found");
        }
    }

    /** The first path segment only: later ones of upload and result paths carry credentials. */
    static String firstSegmentOf(String rawPath) {
        List<String> all = segments(rawPath);
        return all.isEmpty() ? "" : all.get(0);
    }

    private static List<String> segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of();
        }
        int start = rawPath.startsWith("/") ? 1 : 0;
        int end = rawPath.endsWith("/") ? rawPath.length() - 1 : rawPath.length();
        List<String> segments = new java.util.ArrayList<>(6);
        for (int from = start; ; ) {
            int slash = rawPath.indexOf('/', from);
            if (slash < 0 || slash >= end) {
                segments.add(rawPath.substring(from, Math.max(from, end)));
                return segments;
            }
            segments.add(rawPath.substring(from, slash));
            from = slash + 1;
        }
    }

    /** Missing or wrong API key or runner token. */
    static final class UnauthorizedException extends RuntimeException {
    }

    /** Known path, wrong method. */
    private static final class MethodNotAllowedException extends RuntimeException {
    }
}
