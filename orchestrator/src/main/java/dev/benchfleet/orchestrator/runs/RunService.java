package dev.benchfleet.orchestrator.runs;

import dev.benchfleet.orchestrator.results.ResultsArchiveBuilder;
import dev.benchfleet.orchestrator.store.NewTask;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.orchestrator.store.Store;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.orchestrator.uploads.ObjectStore;
import dev.benchfleet.orchestrator.uploads.Tokens;
import dev.benchfleet.protocol.FailRequest;
import dev.benchfleet.protocol.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's rules: creating runs, handing out tasks, taking heartbeats and outcomes,
 * timing out silent runners, and finishing runs. Every operation is one store transaction, so
 * the rules see a consistent state and two runners never claim the same task.
 */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final int MAX_LISTED_RUNS = 100;
    static final String TIMEOUT_ERROR_TYPE = FailRequest.TIMEOUT;

    private final Store store;
    private final ObjectStore objects;
    private final ResultsArchiveBuilder archives;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration heartbeatTimeout;
    private final Duration uploadGrantLifetime;
    private final int waitRetrySeconds;

    /** Timing rules the service applies. */
    public record Timing(Duration heartbeatTimeout, Duration uploadGrantLifetime, int waitRetrySeconds) {
    }

    public RunService(Store store, ObjectStore objects, ResultsArchiveBuilder archives, Tokens tokens, Clock clock,
                      Timing timing) {
        this.store = store;
        this.objects = objects;
        this.archives = archives;
        this.tokens = tokens;
        this.clock = clock;
        this.heartbeatTimeout = timing.heartbeatTimeout();
        this.uploadGrantLifetime = timing.uploadGrantLifetime();
        this.waitRetrySeconds = timing.waitRetrySeconds();
    }

    // ---- runs ------------------------------------------------------------------------------

    /** Creates the run and its tasks: one per instance entry and run number, in config order. */
    public List<TaskRecord> createRun(RunSpec spec) {
        return store.inTransaction(() -> {
            if (store.runExists(spec.runId())) {
                throw OrchestratorException.badRequest("run_id " + spec.runId() + " is already taken");
            }
            store.insertRun(new RunRecord(spec.runId(), RunStatus.RUNNING, spec.rubyVersion(),
                    spec.runsPerInstanceType(), clock.instant(), null, null));
            if (spec.benchmarkSettings() != null) {
                store.saveBenchmarkSettings(spec.runId(), spec.benchmarkSettings());
            }
            List<NewTask> tasks = new ArrayList<>(spec.taskCount());
            for (InstanceEntry entry : spec.entries()) {
                for (int run = 1; run <= spec.runsPerInstanceType(); run++) {
                    tasks.add(new NewTask(entry.provider(), entry.instanceType(), entry.alias(), run));
                }
            }
            List<TaskRecord> created = store.insertTasks(spec.runId(), tasks);
            LOG.info("Run {} created with {} tasks", spec.runId(), created.size());
            return created;
        });
    }

    /** A run by its id, or by the id as a client that read it as a JSON number would write it ({@link #findRun}). */
    public RunView run(String runId) {
        return store.inTransaction(() -> {
            RunRecord run = findRun(runId);
            return new RunView(run, store.countTasks(run.runId()));
        });
    }

    /** The newest runs, newest first, at most 100. */
    public List<RunView> newestRuns() {
        return store.inTransaction(() -> {
            List<RunView> views = new ArrayList<>();
            for (RunRecord run : store.newestRuns(MAX_LISTED_RUNS)) {
                views.add(new RunView(run, store.countTasks(run.runId())));
            }
            return views;
        });
    }

    public List<TaskRecord> tasks(String runId) {
        return store.inTransaction(() -> store.tasksOfRun(findRun(runId).runId()));
    }

    /** Cancels a running run: active tasks become cancelled and the archive is built from what completed. */
    public void stop(String runId) {
        store.inTransaction(() -> {
            RunRecord run = requireRun(runId);
            if (run.status() != RunStatus.RUNNING) {
                throw new OrchestratorException(OrchestratorException.Kind.UNPROCESSABLE, "Run is not running");
            }
            int cancelled = store.cancelActiveTasks(runId);
            LOG.info("Run {} stopped, {} tasks cancelled", runId, cancelled);
            finish(run, RunStatus.CANCELLED);
            return null;
        });
    }

    /** The combined results archive a results token names, once it exists. */
    public Optional<Path> resultsArchive(String token) {
        if (!Tokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return store.inTransaction(() -> store.findRunByResultsToken(token)
                .map(run -> archives.archivePath(run.runId()))
                .filter(Files::isRegularFile));
    }

    // ---- tasks -----------------------------------------------------------------------------

    /** Hands the lowest-id pending task of this provider and instance type to {@code runnerId}. */
    public ClaimOutcome claim(String runId, String provider, String instanceType, String runnerId) {
        return store.inTransaction(() -> {
            RunRecord run = requireRun(runId);
            if (run.status() != RunStatus.RUNNING) {
                return new ClaimOutcome.Done("Run is " + run.status().wire());
            }
            Optional<TaskRecord> pending = store.firstPending(runId, provider, instanceType);
            if (pending.isEmpty()) {
                return store.countHeld(runId, provider, instanceType) > 0
                        ? new ClaimOutcome.Wait(waitRetrySeconds)
                        : new ClaimOutcome.Done("No tasks left for " + provider + "/" + instanceType);
            }
            Instant now = clock.instant();
            TaskRecord p = pending.get();
            TaskRecord claimed = new TaskRecord(p.id(), p.runId(), p.provider(), p.instanceType(), p.alias(),
                    p.runNumber(), TaskStatus.CLAIMED, runnerId, now, now, null, null, null, 0, null, null, null, null);
            store.updateTask(claimed);
            String prefix = runId + "/" + p.provider() + "/" + p.alias() + "-" + p.id() + "/";
            String resultKey = prefix + "result.tar.gz";
            String errorKey = prefix + "error.tar.gz";
            Instant expiry = now.plus(uploadGrantLifetime);
            LOG.debug("Task {} of run {} claimed by runner {}", p.id(), runId, runnerId);
            return new ClaimOutcome.Assigned(claimed, run.rubyVersion(), resultKey, errorKey, expiry,
                    store.benchmarkSettings(runId).orElse(null));
        });
    }

    /**
     * Records a heartbeat. A task that is no longer held keeps its state; its status is returned
     * so a runner can notice it was cancelled or timed out.
     */
    public TaskStatus heartbeat(long taskId, String runnerId, HeartbeatReport report) {
        if (!HeartbeatReport.STATUSES.contains(report.status())) {
            throw OrchestratorException.badRequest("status must be one of boot, provision, running, uploading,"
                    + " finished, error");
        }
        return store.inTransaction(() -> {
            TaskRecord t = requireTask(taskId, runnerId);
            if (!t.status().isHeld()) {
                return t.status();
            }
            TaskStatus status = t.status() == TaskStatus.CLAIMED && report.status().equals("running")
                    ? TaskStatus.RUNNING : t.status();
            store.updateTask(new TaskRecord(t.id(), t.runId(), t.provider(), t.instanceType(), t.alias(),
                    t.runNumber(), status, t.runnerId(), t.claimedAt(), clock.instant(), report.status(),
                    orElse(report.message(), t.heartbeatMessage()),
                    orElse(report.currentBenchmark(), t.currentBenchmark()),
                    orElse(report.progressPct(), t.progressPct()), t.errorType(), t.errorMessage(), t.resultKey(),
                    t.errorKey()));
            return status;
        });
    }

    /** Marks a task completed with its uploaded result key. */
    public void complete(long taskId, String runnerId, String resultKey) {
        store.inTransaction(() -> {
            TaskRecord t = requireTask(taskId, runnerId);
            if (t.status() == TaskStatus.COMPLETED) {
                return null; // a retried request after a lost answer
            }
            RunRecord run = requireRun(t.runId());
            // A runner that was timed out but finished anyway still delivered a valid result.
            boolean lateButValid = t.status() == TaskStatus.FAILED && TIMEOUT_ERROR_TYPE.equals(t.errorType())
                    && run.status() == RunStatus.RUNNING;
            if (!t.status().isHeld() && !lateButValid) {
                throw new OrchestratorException(OrchestratorException.Kind.CONFLICT, "Task is " + t.status().wire());
            }
            store.updateTask(new TaskRecord(t.id(), t.runId(), t.provider(), t.instanceType(), t.alias(),
                    t.runNumber(), TaskStatus.COMPLETED, t.runnerId(), t.claimedAt(), clock.instant(),
                    t.heartbeatStatus(), t.heartbeatMessage(), t.currentBenchmark(), 100, null, null, resultKey,
                    t.errorKey()));
            LOG.info("Task {} of run {} completed", t.id(), t.runId());
            finishIfDone(t.runId());
            return null;
        });
    }

    /** Marks a task failed with the runner's reason. */
    public void fail(long taskId, String runnerId, String errorType, String errorMessage, String errorKey) {
        store.inTransaction(() -> {
            TaskRecord t = requireTask(taskId, runnerId);
            if (t.status() == TaskStatus.FAILED) {
                return null; // a retried request after a lost answer
            }
            if (!t.status().isHeld()) {
                throw new OrchestratorException(OrchestratorException.Kind.CONFLICT, "Task is " + t.status().wire());
            }
            store.updateTask(new TaskRecord(t.id(), t.runId(), t.provider(), t.instanceType(), t.alias(),
                    t.runNumber(), TaskStatus.FAILED, t.runnerId(), t.claimedAt(), clock.instant(),
                    t.heartbeatStatus(), t.heartbeatMessage(), t.currentBenchmark(), t.progressPct(), errorType,
                    errorMessage, t.resultKey(), errorKey));
            LOG.info("Task {} of run {} failed: {}", t.id(), t.runId(), errorType);
            finishIfDone(t.runId());
            return null;
        });
    }

    // ---- liveness --------------------------------------------------------------------------

    /**
     * Fails held tasks whose runner went silent for longer than the heartbeat timeout, finishes
     * runs with nothing left to do (also ones a crash left unfinished).
     *
     * @return how many tasks were timed out
     */
    public int sweep() {
        return store.inTransaction(() -> {
            Instant now = clock.instant();
            List<TaskRecord> silent = store.heldTasksSilentSince(now.minus(heartbeatTimeout));
            for (TaskRecord t : silent) {
                store.updateTask(new TaskRecord(t.id(), t.runId(), t.provider(), t.instanceType(), t.alias(),
                        t.runNumber(), TaskStatus.FAILED, t.runnerId(), t.claimedAt(), t.heartbeatAt(),
                        t.heartbeatStatus(), t.heartbeatMessage(), t.currentBenchmark(), t.progressPct(),
                        TIMEOUT_ERROR_TYPE, "No heartbeat for more than " + heartbeatTimeout.toSeconds() + " s",
                        t.resultKey(), t.errorKey()));
                LOG.warn("Task {} of run {} timed out (runner {})", t.id(), t.runId(), t.runnerId());
            }
            for (RunRecord run : store.runsWithStatus(RunStatus.RUNNING)) {
                finishIfDone(run.runId());
            }
            return silent.size();
        });
    }

    // ---- helpers (called inside a transaction) ---------------------------------------------

    private void finishIfDone(String runId) throws SQLException {
        RunRecord run = requireRun(runId);
        if (run.status() == RunStatus.RUNNING && store.countTasks(runId).active() == 0) {
            finish(run, RunStatus.COMPLETED);
        }
    }

    private void finish(RunRecord run, RunStatus status) throws SQLException {
        String token = null;
        try {
            archives.build(run, store.tasksOfRun(run.runId()));
            token = tokens.next();
        } catch (IOException e) {
            // The run is still over; the master sees no gzip_url and reports results as unavailable.
            LOG.error("Cannot build the results archive of run {}: {}", run.runId(), e.toString());
        }
        store.updateRun(new RunRecord(run.runId(), status, run.rubyVersion(), run.runsPerInstanceType(),
                run.createdAt(), clock.instant(), token));
        LOG.info("Run {} is {}", run.runId(), status.wire());
    }

    /**
     * The run {@code runId} names exactly, or else the one recent run whose id reads as the same
     * double: the original orchestrator sent run ids as JSON numbers, so its clients (jq 1.6,
     * JavaScript) may ask for {@code 173400000012345680} or {@code 1.7340000001234568e+17} when the
     * run is {@code 173400000012345678}.
     */
    private RunRecord findRun(String runId) throws SQLException {
        Optional<RunRecord> exact = store.findRun(runId);
        if (exact.isPresent()) {
            return exact.get();
        }
        Optional<Double> asNumber = RunId.asDouble(runId);
        if (asNumber.isPresent()) {
            List<RunRecord> same = new ArrayList<>();
            for (RunRecord run : store.newestRuns(MAX_LISTED_RUNS)) {
                if (asNumber.equals(RunId.asDouble(run.runId()))) {
                    same.add(run);
                }
            }
            if (same.size() == 1) {
                return same.get(0);
            }
        }
        throw OrchestratorException.notFound("Run not found");
    }

    private RunRecord requireRun(String runId) throws SQLException {
        return store.findRun(runId).orElseThrow(() -> OrchestratorException.notFound("Run not found"));
    }

    private TaskRecord requireTask(long taskId, String runnerId) throws SQLException {
        TaskRecord task = store.findTask(taskId).orElseThrow(() -> OrchestratorException.notFound("Task not found"));
        if (task.runnerId() == null || !task.runnerId().equals(runnerId)) {
            throw new OrchestratorException(OrchestratorException.Kind.FORBIDDEN, "Invalid runner_id");
        }
        return task;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The object store runners upload into; exposed for local-path uploads. */
    public ObjectStore objects() {
        return objects;
    }
}
