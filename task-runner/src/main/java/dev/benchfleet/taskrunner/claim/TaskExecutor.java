package dev.benchfleet.taskrunner.claim;

import dev.benchfleet.taskrunner.archive.ArchiveWriter;
import dev.benchfleet.taskrunner.archive.ResultMetadata;
import dev.benchfleet.taskrunner.benchmark.Benchmark;
import dev.benchfleet.taskrunner.benchmark.BenchmarkContext;
import dev.benchfleet.taskrunner.benchmark.BenchmarkFailedException;
import dev.benchfleet.taskrunner.heartbeat.Heartbeater;
import dev.benchfleet.taskrunner.heartbeat.TaskProgress;
import dev.benchfleet.taskrunner.machine.CpuTimes;
import dev.benchfleet.taskrunner.machine.MachineFacts;
import dev.benchfleet.taskrunner.protocol.BenchmarkSettings;
import dev.benchfleet.taskrunner.protocol.ClaimResult;
import dev.benchfleet.taskrunner.protocol.FailureReport;
import dev.benchfleet.taskrunner.protocol.FailureReport.ErrorType;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.taskrunner.protocol.OrchestratorClient;
import dev.benchfleet.taskrunner.protocol.OrchestratorException;
import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.protocol.UploadUrls;
import dev.benchfleet.taskrunner.retry.Retrier;
import dev.benchfleet.taskrunner.retry.RetriesExhaustedException;
import dev.benchfleet.taskrunner.upload.UploadException;
import dev.benchfleet.taskrunner.upload.Uploader;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one assigned task from start to report: heartbeats, benchmark, archive, upload,
 * then {@code complete} or {@code fail}. Anything that goes wrong with the task itself ends
 * in {@code fail}; only orchestrator trouble that should stop the runner is thrown.
 */
public final class TaskExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    private static final int MAX_ERROR_MESSAGE = 2_000;

    /** The settings a task needs from the runner. */
    public record Options(String runnerId, boolean debug, Path workRoot, Duration heartbeatInterval) {
    }

    private final OrchestratorClient client;
    private final Retrier retrier;
    private final Benchmark benchmark;
    private final ArchiveWriter archives;
    private final Uploader uploader;
    private final ActiveTask activeTask;
    private final Clock clock;
    private final Options options;
    private final MachineFacts machine;

    public TaskExecutor(OrchestratorClient client, Retrier retrier, Benchmark benchmark, ArchiveWriter archives,
                        Uploader uploader, ActiveTask activeTask, Clock clock, Options options) {
        this.client = client;
        this.retrier = retrier;
        this.benchmark = benchmark;
        this.archives = archives;
        this.uploader = uploader;
        this.activeTask = activeTask;
        this.clock = clock;
        this.options = options;
        this.machine = new MachineFacts(Path.of("/"));
    }

    /**
     * @throws OrchestratorException.Unauthorized when the API key stops being accepted
     * @throws RetriesExhaustedException when the orchestrator stayed unreachable for the whole window
     */
    public void execute(ClaimResult.Assigned assigned)
            throws OrchestratorException.Unauthorized, RetriesExhaustedException, InterruptedException {
        AssignedTask task = assigned.task();
        Instant start = clock.instant();
        LOG.info("task {} claimed: {} {} run {}", task.id(), task.provider(), task.aliasOrType(), task.runNumber());
        ActiveTask.Handle handle = activeTask.begin(task.id());
        Path workDir = null;
        try {
            TaskProgress progress = new TaskProgress(benchmark.initialStatus());
            TaskReport report;
            try (Heartbeater heartbeater = Heartbeater.start(client, task.id(), options.runnerId(), progress,
                    options.heartbeatInterval())) {
                workDir = Files.createTempDirectory(options.workRoot(), "benchfleet-task-" + safe(task.id().value()) + "-");
                report = runAndDeliver(task, assigned.uploads(), workDir, progress, heartbeater, start);
            } catch (IOException e) {
                report = new TaskReport.Failed(new FailureReport(ErrorType.BENCHMARK_FAILED,
                        "cannot create a work folder in " + options.workRoot() + ": " + e.getMessage(), null,
                        options.debug()));
            }
            // No last "finished"/"error" heartbeat before the report: complete and fail say as much, and its round
            // trip was dead time between a task and the runner's next claim.
            sendReport(handle, task, report, start);
        } finally {
            activeTask.end(handle);
            cleanUp(workDir);
        }
    }

    private TaskReport runAndDeliver(AssignedTask task, UploadUrls uploads, Path workDir, TaskProgress progress,
                                     Heartbeater heartbeater, Instant start) throws InterruptedException {
        BenchmarkContext context = new BenchmarkContext(task, workDir, progress, status -> heartbeater.beatNow());
        String failure = null;
        String details = "";
        Optional<CpuTimes> before = machine.cpuTimes();
        try {
            benchmark.run(context);
        } catch (BenchmarkFailedException e) {
            failure = e.getMessage();
            details = e.details();
        } catch (RuntimeException e) {
            failure = "benchmark crashed: " + e;
        }
        Map<String, Object> facts = facts(task, context, before);
        progress.status(HeartbeatStatus.UPLOADING, null);
        heartbeater.beatNow();
        if (failure == null) {
            return deliverResult(task, uploads, workDir, start, facts);
        }
        LOG.warn("task {} benchmark failed: {}", task.id(), failure);
        return deliverError(task, uploads, workDir, start, ErrorType.BENCHMARK_FAILED, failure, details, facts);
    }

    /** The machine and what the benchmark learned, plus the CPU steal during the benchmark, for metadata.json. */
    private Map<String, Object> facts(AssignedTask task, BenchmarkContext context, Optional<CpuTimes> before) {
        Map<String, Object> facts = new LinkedHashMap<>();
        Optional.ofNullable(context.facts().get("ruby_description")).ifPresent(v -> facts.put("ruby_description", v));
        Optional.ofNullable(context.facts().get("suite_commit")).ifPresent(v -> facts.put("suite_commit", v));
        facts.put("benchmarks", BenchmarkSettings.of(task).selection());
        facts.put("yjit", BenchmarkSettings.of(task).yjit());
        facts.putAll(machine.collect());
        before.flatMap(b -> machine.cpuTimes().flatMap(after -> after.stealPercentSince(b)))
                .ifPresent(steal -> facts.put("cpu_steal_pct", Math.round(steal * 1000) / 1000.0));
        return facts;
    }

    private TaskReport deliverResult(AssignedTask task, UploadUrls uploads, Path workDir, Instant start,
                                     Map<String, Object> facts) throws InterruptedException {
        Path archive;
        try {
            archive = archives.writeResult(workDir, metadata(task, start, ResultMetadata.Status.SUCCESS, facts),
                    workDir.resolve("result.tar.gz"));
        } catch (IOException e) {
            return deliverError(task, uploads, workDir, start, ErrorType.BENCHMARK_FAILED,
                    "could not package the results: " + e.getMessage(), "", facts);
        }
        try {
            upload(archive, uploads.resultUploadUrl(), "result archive of task " + task.id());
            return new TaskReport.Completed(uploads.resultKey());
        } catch (UploadException | RetriesExhaustedException e) {
            LOG.warn("task {}: result upload failed: {}", task.id(), e.getMessage());
            return deliverError(task, uploads, workDir, start, ErrorType.UPLOAD_FAILED,
                    "uploading the result archive failed: " + e.getMessage(), "", facts);
        }
    }

    private TaskReport deliverError(AssignedTask task, UploadUrls uploads, Path workDir, Instant start,
                                    ErrorType type, String message, String details, Map<String, Object> facts)
            throws InterruptedException {
        String errorKey = null;
        try {
            Path archive = archives.writeError(errorText(task, message, details),
                    metadata(task, start, ResultMetadata.Status.ERROR, facts), workDir.resolve("error.tar.gz"));
            upload(archive, uploads.errorUploadUrl(), "error archive of task " + task.id());
            errorKey = uploads.errorKey();
        } catch (IOException | UploadException | RetriesExhaustedException e) {
            LOG.warn("task {}: error archive not delivered: {}", task.id(), e.getMessage());
        }
        return new TaskReport.Failed(new FailureReport(type, shorten(message), errorKey, options.debug()));
    }

    private void upload(Path archive, String url, String what)
            throws UploadException, RetriesExhaustedException, InterruptedException {
        retrier.call("upload of " + what, () -> {
            uploader.upload(archive, url);
            return null;
        }, e -> e instanceof UploadException upload && upload.retryable());
    }

    private void sendReport(ActiveTask.Handle handle, AssignedTask task, TaskReport report, Instant start)
            throws OrchestratorException.Unauthorized, RetriesExhaustedException, InterruptedException {
        if (!handle.claimReport()) {
            return; // the shutdown hook has reported it already
        }
        Duration took = Duration.between(start, clock.instant());
        try {
            if (report instanceof TaskReport.Completed completed) {
                retrier.call("complete of task " + task.id(), () -> {
                    client.complete(task.id(), options.runnerId(), completed.resultKey());
                    return null;
                }, TaskExecutor::unavailable);
                LOG.info("task {} completed in {} ms", task.id(), took.toMillis());
            } else if (report instanceof TaskReport.Failed failed) {
                retrier.call("fail of task " + task.id(), () -> {
                    client.fail(task.id(), options.runnerId(), failed.report());
                    return null;
                }, TaskExecutor::unavailable);
                LOG.info("task {} reported failed ({}) after {} ms", task.id(),
                        failed.report().errorType().wire(), took.toMillis());
            }
        } catch (OrchestratorException.Unauthorized e) {
            throw e;
        } catch (OrchestratorException e) {
            // e.g. 403 after the task timed out and went to another runner: nothing more to do for it
            LOG.warn("orchestrator refused the report for task {}: {}", task.id(), e.getMessage());
        }
    }

    static boolean unavailable(Exception e) {
        return e instanceof OrchestratorException.Unavailable;
    }

    private ResultMetadata metadata(AssignedTask task, Instant start, ResultMetadata.Status status,
                                    Map<String, Object> facts) {
        return new ResultMetadata(task, start, clock.instant(), status, options.runnerId(), facts);
    }

    private String errorText(AssignedTask task, String message, String details) {
        StringBuilder text = new StringBuilder()
                .append("Task ").append(task.id()).append(" (").append(task.provider()).append(' ')
                .append(task.aliasOrType()).append(", run ").append(task.runNumber()).append(") failed on runner ")
                .append(options.runnerId()).append('\n')
                .append(message).append('\n');
        if (!details.isBlank()) {
            text.append("\n--- last output of the benchmark ---\n").append(details).append('\n');
        }
        return text.toString();
    }

    private void cleanUp(Path workDir) {
        if (workDir == null) {
            return;
        }
        if (options.debug()) {
            LOG.info("--debug: keeping the work folder {}", workDir);
            return;
        }
        try {
            deleteTree(workDir);
        } catch (IOException e) {
            LOG.warn("could not delete the work folder {}: {}", workDir, e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String shorten(String message) {
        return message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) + "..." : message;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
