package dev.benchfleet.taskrunner.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.protocol.ClaimAnswer;
import dev.benchfleet.protocol.ClaimRequest;
import dev.benchfleet.protocol.CompleteRequest;
import dev.benchfleet.protocol.FailRequest;
import dev.benchfleet.protocol.HeartbeatAnswer;
import dev.benchfleet.protocol.HeartbeatRequest;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.MessageAnswer;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.protocol.UploadUrls;
import dev.benchfleet.protocol.WireFormatException;
import dev.benchfleet.protocol.WireJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory orchestrator speaking the task runner's half of {@code orchestrator-protocol.md}:
 * claim (assigned / wait / done), heartbeat, complete, fail, {@code PUT} upload URLs that keep the
 * bytes, {@code GET /up}, and 401 on a bad key. Runs on 127.0.0.1 only. Everything a runner did is
 * recorded for assertions.
 */
public final class ProtocolTestServer implements AutoCloseable {

    private static final Pattern CLAIM = Pattern.compile("/runs/([^/]+)/tasks/claim");
    private static final Pattern TASK_ACTION = Pattern.compile("/tasks/([^/]+)/(heartbeat|complete|fail)");
    private static final Pattern UPLOAD = Pattern.compile("/uploads/([^/]+)");

    /** Where upload URLs point: this server over HTTP, or local paths under a folder. */
    public sealed interface UploadMode {
        record Http() implements UploadMode {
        }

        record LocalPath(Path folder) implements UploadMode {
        }
    }

    /** One task as this server tracks it. Mutable, guarded by the server's lock. */
    public static final class Task {
        public final long id;
        public final String runId;
        public final String provider;
        public final String instanceType;
        public final String alias;
        public final int runNumber;
        public final String rubyVersion;
        public String status = "pending";
        public String runnerId;
        public int claims;
        public int completions;
        public int failures;
        public String resultKey;
        public String errorType;
        public String errorMessage;
        public String errorKey;
        public final List<JsonNode> heartbeats = new ArrayList<>();

        Task(long id, String runId, String provider, String instanceType, String alias, int runNumber,
             String rubyVersion) {
            this.id = id;
            this.runId = runId;
            this.provider = provider;
            this.instanceType = instanceType;
            this.alias = alias;
            this.runNumber = runNumber;
            this.rubyVersion = rubyVersion;
        }
    }

    /** One request as received, for assertions about headers. */
    public record Request(String method, String path, Map<String, List<String>> headers) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final WireJson wire = new WireJson(json);
    private final ApiKey apiKey;
    private final int retryAfterSeconds;
    private final UploadMode uploadMode;
    private final Object lock = new Object();
    private final Map<Long, Task> tasks = new LinkedHashMap<>();
    private final Map<String, String> runStatus = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> uploadTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private long nextId = 1;
    private volatile int heartbeatAnswer = 200;
    private volatile boolean rejectResultUploads;

    private ProtocolTestServer(String apiKey, int retryAfterSeconds, UploadMode uploadMode, int port) throws IOException {
        this.apiKey = ApiKey.of(apiKey);
        this.retryAfterSeconds = retryAfterSeconds;
        this.uploadMode = uploadMode;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        this.executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "test-orchestrator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on {@code port} (0 = any free one) with HTTP upload URLs. */
    public static ProtocolTestServer start(String apiKey, int port) throws IOException {
        return new ProtocolTestServer(apiKey, 1, new UploadMode.Http(), port);
    }

    public static ProtocolTestServer start(String apiKey, int port, UploadMode uploadMode) throws IOException {
        return new ProtocolTestServer(apiKey, 1, uploadMode, port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes every heartbeat answer {@code code} (e.g. 500) without recording it; 200 restores. */
    public void answerHeartbeatsWith(int code) {
        heartbeatAnswer = code;
    }

    /** Makes result-archive uploads fail with 403 (as an expired S3 URL would); error archives still work. */
    public void rejectResultUploads() {
        rejectResultUploads = true;
    }

    /** How many claim requests arrived. */
    public long claimRequests() {
        synchronized (lock) {
            return requests.stream().filter(r -> r.path().endsWith("/tasks/claim")).count();
        }
    }

    /** Adds {@code count} pending tasks (run numbers 1..count) for one instance type of a new run. */
    public void createRun(String runId, String provider, String instanceType, String alias, int count,
                          String rubyVersion) {
        synchronized (lock) {
            runStatus.put(runId, "running");
            for (int run = 1; run <= count; run++) {
                long id = nextId++;
                tasks.put(id, new Task(id, runId, provider, instanceType, alias, run, rubyVersion));
            }
        }
    }

    public List<Task> tasks() {
        synchronized (lock) {
            return List.copyOf(tasks.values());
        }
    }

    public Task task(long id) {
        synchronized (lock) {
            return tasks.get(id);
        }
    }

    /** Bytes uploaded under {@code key} via PUT. */
    public Optional<byte[]> upload(String key) {
        return Optional.ofNullable(uploads.get(key));
    }

    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Heartbeats of a task, copied under the lock. */
    public List<JsonNode> heartbeats(long taskId) {
        synchronized (lock) {
            return List.copyOf(tasks.get(taskId).heartbeats);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            synchronized (lock) {
                requests.add(new Request(method, path, Map.copyOf(exchange.getRequestHeaders())));
            }
            if (method.equals("GET") && path.equals("/up")) {
                respond(exchange, 200, MessageAnswer.message("ok"));
                return;
            }
            Matcher upload = UPLOAD.matcher(path);
            if (method.equals("PUT") && upload.matches()) {
                handleUpload(exchange, upload.group(1));
                return;
            }
            if (!authorized(exchange)) {
                respond(exchange, 401, error("Unauthorized"));
                return;
            }
            Matcher claim = CLAIM.matcher(path);
            Matcher action = TASK_ACTION.matcher(path);
            if (method.equals("POST") && claim.matches()) {
                handleClaim(exchange, claim.group(1));
            } else if (method.equals("POST") && action.matches()) {
                handleTaskAction(exchange, action.group(1), action.group(2));
            } else {
                respond(exchange, 404, error("Not found"));
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, error(e.toString()));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        return apiKey.authorizes(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void handleClaim(HttpExchange exchange, String runId) throws IOException {
        ClaimRequest request = read(exchange, ClaimRequest.class);
        String provider = request == null ? null : request.provider();
        String instanceType = request == null ? null : request.instanceType();
        String runnerId = request == null ? null : request.runnerId();
        if (provider == null || instanceType == null || runnerId == null) {
            respond(exchange, 400, error("provider, instance_type and runner_id are required"));
            return;
        }
        ClaimAnswer answer;
        synchronized (lock) {
            String status = runStatus.get(runId);
            if (status == null) {
                respond(exchange, 404, error("Run not found"));
                return;
            }
            Optional<Task> pending = tasks.values().stream()
                    .filter(t -> t.runId.equals(runId) && t.provider.equals(provider)
                            && t.instanceType.equals(instanceType) && t.status.equals("pending"))
                    .findFirst();
            boolean busy = tasks.values().stream()
                    .anyMatch(t -> t.runId.equals(runId) && t.provider.equals(provider)
                            && t.instanceType.equals(instanceType)
                            && (t.status.equals("claimed") || t.status.equals("running")));
            if (!status.equals("running")) {
                answer = ClaimAnswer.done("run is " + status);
            } else if (pending.isPresent()) {
                answer = assign(pending.get(), runnerId);
            } else if (busy) {
                answer = ClaimAnswer.waitFor(Duration.ofSeconds(retryAfterSeconds));
            } else {
                answer = ClaimAnswer.done(null);
            }
        }
        respond(exchange, 200, answer);
    }

    private ClaimAnswer assign(Task task, String runnerId) {
        task.status = "claimed";
        task.runnerId = runnerId;
        task.claims++;
        String resultKey = "runs/" + task.runId + "/tasks/" + task.id + "/result.tar.gz";
        String errorKey = "runs/" + task.runId + "/tasks/" + task.id + "/error.tar.gz";
        return ClaimAnswer.assigned(
                new AssignedTask(TaskId.of(task.id), task.provider, task.instanceType, task.alias, task.runNumber,
                        task.rubyVersion),
                new UploadUrls(uploadUrl(resultKey), uploadUrl(errorKey), resultKey, errorKey));
    }

    private String uploadUrl(String key) {
        if (uploadMode instanceof UploadMode.LocalPath local) {
            return local.folder().resolve(key).toAbsolutePath().toString();
        }
        String token = UUID.randomUUID().toString();
        uploadTokens.put(token, key);
        // the query imitates a signed URL; runners must keep it out of their logs
        return url() + "/uploads/" + token + "?X-Signature=test-signature";
    }

    private void handleUpload(HttpExchange exchange, String token) throws IOException {
        String key = uploadTokens.get(token);
        if (key == null) {
            respond(exchange, 403, error("Unknown upload URL"));
            return;
        }
        if (rejectResultUploads && key.endsWith("/result.tar.gz")) {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 403, error("Request has expired"));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"application/gzip".equals(contentType)) {
            respond(exchange, 400, error("Content-Type must be application/gzip"));
            return;
        }
        try (InputStream in = exchange.getRequestBody()) {
            uploads.put(key, in.readAllBytes());
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private void handleTaskAction(HttpExchange exchange, String rawId, String action) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null) {
            respond(exchange, 400, error("Request body must be a JSON object"));
            return;
        }
        long id;
        try {
            id = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            respond(exchange, 404, error("Task not found"));
            return;
        }
        int code;
        Object answer;
        synchronized (lock) {
            Task task = tasks.get(id);
            if (task == null) {
                respond(exchange, 404, error("Task not found"));
                return;
            }
            if (!java.util.Objects.equals(task.runnerId, body.path("runner_id").asText(null))) {
                respond(exchange, 403, error("Invalid runner_id"));
                return;
            }
            switch (action) {
                case "heartbeat" -> {
                    HeartbeatRequest beat = bind(body, HeartbeatRequest.class);
                    if (heartbeatAnswer != 200) {
                        code = heartbeatAnswer;
                        answer = error("heartbeat store is down");
                    } else if (beat == null || beat.status() == null) {
                        code = 400;
                        answer = error("Invalid status");
                    } else {
                        task.heartbeats.add(body);
                        if (beat.status() == HeartbeatStatus.RUNNING && task.status.equals("claimed")) {
                            task.status = "running";
                        }
                        code = 200;
                        answer = HeartbeatAnswer.received(TaskStatus.fromWire(task.status));
                    }
                }
                case "complete" -> {
                    CompleteRequest complete = bind(body, CompleteRequest.class);
                    String key = complete == null ? null : complete.s3ResultKey();
                    if (key == null) {
                        code = 400;
                        answer = error("s3_result_key is required");
                    } else {
                        task.status = "completed";
                        task.completions++;
                        task.resultKey = key;
                        code = 200;
                        answer = MessageAnswer.message("Task marked as completed");
                    }
                }
                default -> {
                    FailRequest fail = bind(body, FailRequest.class);
                    String type = fail == null ? null : fail.errorType();
                    String message = fail == null ? null : fail.errorMessage();
                    if (type == null || message == null) {
                        code = 400;
                        answer = error("error_type and error_message are required");
                    } else {
                        task.status = "failed";
                        task.failures++;
                        task.errorType = type;
                        task.errorMessage = message;
                        task.errorKey = fail.s3ErrorKey();
                        code = 200;
                        answer = MessageAnswer.message("Task marked as failed");
                    }
                }
            }
            finishRunIfIdle(task.runId);
        }
        respond(exchange, code, answer);
    }

    private void finishRunIfIdle(String runId) {
        boolean open = tasks.values().stream().anyMatch(t -> t.runId.equals(runId)
                && (t.status.equals("pending") || t.status.equals("claimed") || t.status.equals("running")));
        if (!open) {
            runStatus.put(runId, "completed");
        }
    }

    /** The body as a JSON object, kept as sent for assertions; null when it is not one. */
    private JsonNode readJson(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            JsonNode node = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Binds a request body to its protocol record; null when it does not fit (answered with 400). */
    private <T> T bind(JsonNode body, Class<T> type) {
        try {
            return wire.read(body, type);
        } catch (WireFormatException e) {
            return null;
        }
    }

    private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        JsonNode body = readJson(exchange);
        return body == null ? null : bind(body, type);
    }

    private static MessageAnswer error(String message) {
        return MessageAnswer.error(message);
    }

    private void respond(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
