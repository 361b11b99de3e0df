package dev.benchfleet.orchestrator.runs;

import dev.benchfleet.orchestrator.results.ResultsArchiveBuilder;
import dev.benchfleet.orchestrator.store.NewTask;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.orchestrator.store.Store;
import dev.benchfleet.orchestrator.store.TaskHolder;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.orchestrator.uploads.Blobs;
import dev.benchfleet.orchestrator.uploads.Tokens;
import dev.benchfleet.protocol.FailRequest;
import dev.benchfleet.protocol.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's rules: creating runs, handing out tasks, taking heartbeats and outcomes,
 * timing out silent runners, and finishing runs. Every operation is one store transaction, so
 * the rules see a consistent state and two runners never claim the same task.
 */
public final class RunService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final int MAX_LISTED_RUNS = 100;
    static final String TIMEOUT_ERROR_TYPE = FailRequest.TIMEOUT;
    /** How long the process that finished a run may take to store its archive before another takes over. */
    private static final Duration ARCHIVE_LEASE = Duration.ofMinutes(5);
    private static final int ARCHIVE_PAGE = 1000;
    private static final int CLAIM_ATTEMPTS = 5;

    private final Store store;
    private final Blobs objects;
    private final ResultsArchiveBuilder archives;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration heartbeatTimeout;
    private final Duration uploadGrantLifetime;
    private final int waitRetrySeconds;
    /**
     * Builds the archives of runs that a task's completion or failure finished, after that request
     * is answered: the last runner of a 4,000-task run waited about a tenth of the run for it.
     */
    private final ExecutorService archiving = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "orchestrator-results-archive");
                thread.setDaemon(true);
                return thread;
            });
    /** Told each time a results archive is stored or given up on: long polls on the run answer then. */
    private final Runnable archiveSettled;
    /**
     * Each recent run's {@code benchmark} settings ({@link #NO_SETTINGS} when it has none): fixed once
     * the run exists, and handed out with every claim, so read once, not at every claim.
     */
    private final Map<String, String> settingsByRun = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > SETTINGS_CACHED;
                }
            });
    private static final int SETTINGS_CACHED = 64;
    /** Settings are JSON objects, never empty text. */
    private static final String NO_SETTINGS = "";

    /** Timing rules the service applies. */
    public record Timing(Duration heartbeatTimeout, Duration uploadGrantLifetime, int waitRetrySeconds) {
    }

    /** @param archiveSettled called after a run's results archive is stored, or could not be built */
    public RunService(Store store, Blobs objects, ResultsArchiveBuilder archives, Tokens tokens, Clock clock,
                      Timing timing, Runnable archiveSettled) {
        this.store = store;
        this.objects = objects;
        this.archives = archives;
        this.tokens = tokens;
        this.clock = clock;
        this.heartbeatTimeout = timing.heartbeatTimeout();
        this.uploadGrantLifetime = timing.uploadGrantLifetime();
        this.waitRetrySeconds = timing.waitRetrySeconds();
        this.archiveSettled = archiveSettled;
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

    /** Up to {@code limit} tasks of the run with ids above {@code afterId}, in id order. */
    public List<TaskRecord> tasks(String runId, long afterId, int limit) {
        return store.inTransaction(() -> store.tasksOfRun(findRun(runId).runId(), afterId, limit));
    }

    /** Cancels a running run: active tasks become cancelled and the archive is built from what completed. */
    public void stop(String runId) {
        Instant now = clock.instant();
        RunRecord run = store.inWriteTransaction(() -> {
            RunRecord found = requireRun(runId);
            if (!store.finishRun(runId, RunStatus.CANCELLED, now, now.plus(ARCHIVE_LEASE))) {
                throw new OrchestratorException(OrchestratorException.Kind.UNPROCESSABLE, "Run is not running");
            }
            int cancelled = store.cancelActiveTasks(runId);
            LOG.info("Run {} stopped, {} tasks cancelled", runId, cancelled);
            return found;
        });
        buildArchive(run, RunStatus.CANCELLED);
    }

    /** The combined results archive a results token names, once it exists. */
    public Optional<Blobs.Blob> resultsArchive(String token) {
        if (!Tokens.isWellFormed(token)) {
            return Optional.empty();
        }
        Optional<RunRecord> run = store.inTransaction(() -> store.findRunByResultsToken(token));
        if (run.isEmpty()) {
            return Optional.empty();
        }
        try {
            return archives.archive(run.get().runId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- tasks -----------------------------------------------------------------------------

    /**
     * Hands the lowest-id pending task of this provider and instance type to {@code runnerId}: one
     * claim statement in the database, so no two claims (in any number of processes) get the same task.
     * A retry of a claim ({@code claimId} sent again by the same runner) whose first attempt took a task
     * gets that task again while it is unreported: the runner never got the first answer, and the task
     * must not be left to time out while a second one is handed out.
     *
     * @param claimId the runner's id for this claim, the same on each retry of it; null when not sent
     */
    public ClaimOutcome claim(String runId, String provider, String instanceType, String runnerId, String claimId) {
        return store.inWriteTransaction(() -> {
            RunRecord run = requireRun(runId);
            if (run.status() != RunStatus.RUNNING) {
                return new ClaimOutcome.Done("Run is " + run.status().wire());
            }
            Instant now = clock.instant();
            Optional<TaskRecord> again = claimId == null ? Optional.empty()
                    : store.claimedBefore(runId, runnerId, claimId, now);
            if (again.isPresent()) {
                TaskRecord t = again.get();
                LOG.info("Task {} of run {} handed to runner {} again (a retry of the claim that took it)",
                        t.id(), runId, runnerId);
                return assigned(run, t, now);
            }
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                Optional<TaskRecord> claimed = store.claimNext(runId, provider, instanceType, runnerId, claimId, now);
                if (claimed.isPresent()) {
                    TaskRecord t = claimed.get();
                    LOG.debug("Task {} of run {} claimed by runner {}", t.id(), runId, runnerId);
                    return assigned(run, t, now);
                }
                if (!store.hasPending(runId, provider, instanceType)) {
                    break; // none left; with pending ones, a concurrent claim took the one we saw: look again
                }
            }
            return store.hasHeld(runId, provider, instanceType) || store.hasPending(runId, provider, instanceType)
                    ? new ClaimOutcome.Wait(waitRetrySeconds)
                    : new ClaimOutcome.Done("No tasks left for " + provider + "/" + instanceType);
        });
    }

    /** The answer handing {@code task} out: its upload keys, valid for the grant's lifetime from {@code now}. */
    private ClaimOutcome.Assigned assigned(RunRecord run, TaskRecord task, Instant now) throws SQLException {
        return new ClaimOutcome.Assigned(task, run.rubyVersion(), resultKeyOf(task), errorKeyOf(task),
                now.plus(uploadGrantLifetime), benchmarkSettings(run.runId()));
    }

    /** The run's {@code benchmark} settings as JSON text, or null; read from the store once per run. */
    private String benchmarkSettings(String runId) throws SQLException {
        String settings = settingsByRun.get(runId);
        if (settings == null) {
            settings = store.benchmarkSettings(runId).orElse(NO_SETTINGS);
            settingsByRun.put(runId, settings);
        }
        return settings.isEmpty() ? null : settings;
    }

    /**
     * Records a heartbeat. A task that is no longer held keeps its state; its status is returned
     * so a runner can notice it was cancelled or timed out.
     *
     * <p>Heartbeats are most of the traffic, so one costs a read: the report waits in memory for the
     * next batch write ({@link Store#heartbeatLater}), and a crash may lose the last fraction of a
     * second of them (the runner's next heartbeat brings the task up to date), never a claim,
     * completion, failure or upload.
     */
    public TaskStatus heartbeat(long taskId, String runnerId, HeartbeatReport report) {
        if (!HeartbeatReport.STATUSES.contains(report.status())) {
            throw OrchestratorException.badRequest("status must be one of boot, provision, running, uploading,"
                    + " finished, error");
        }
        TaskHolder task = store.inTransaction(() -> store.findHolder(taskId))
                .orElseThrow(() -> OrchestratorException.notFound("Task not found"));
        requireHolder(task.runnerId(), runnerId);
        if (!task.status().isHeld()) {
            return task.status(); // cancelled, timed out or done: the runner learns it from the answer
        }
        store.heartbeatLater(taskId, runnerId, clock.instant(), report.status(), report.message(),
                report.currentBenchmark(), report.progressPct());
        return task.status() == TaskStatus.CLAIMED && report.status().equals("running") ? TaskStatus.RUNNING
                : task.status();
    }

    /** The object key a claim hands out for a task's result archive. */
    static String resultKeyOf(TaskRecord task) {
        return keyPrefix(task) + "result.tar.gz";
    }

    /** The object key a claim hands out for a task's error archive. */
    static String errorKeyOf(TaskRecord task) {
        return keyPrefix(task) + "error.tar.gz";
    }

    /** The shape of every object key a claim hands out: {@code <run>/<provider>/<alias>-<task id>/<file>}. */
    private static final java.util.regex.Pattern HANDED_OUT_KEY =
            java.util.regex.Pattern.compile("[^/]+/[^/]+/[^/]+-[0-9]+/(result|error)\\.tar\\.gz");

    /**
     * A task's outcome may only point at its own upload: a key naming another task's upload (one a
     * claim handed out, or anything stored) is refused. A key outside the orchestrator's uploads (the
     * original's test script sends one of its own choosing) is accepted but not used: what gets
     * archived is always this task's own upload.
     */
    private void requireOwnKey(TaskRecord task, String key, String field) {
        if (key.equals(resultKeyOf(task)) || key.equals(errorKeyOf(task))) {
            return;
        }
        boolean stored;
        try {
            stored = objects.open(key).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (stored || HANDED_OUT_KEY.matcher(key).matches()) {
            throw OrchestratorException.badRequest(field + " names another task's upload; give the key this task's"
                    + " claim handed out");
        }
    }

    private static String keyPrefix(TaskRecord task) {
        return task.runId() + "/" + task.provider() + "/" + task.alias() + "-" + task.id() + "/";
    }

    /**
     * Marks a task completed with its uploaded result key: only the key this task's claim handed
     * out is accepted, so no task can have another task's upload archived as its result.
     */
    public void complete(long taskId, String runnerId, String resultKey) {
        Optional<String> finishedTaskOfRun = store.inWriteTransaction(() -> {
            TaskRecord t = requireTask(taskId, runnerId);
            requireOwnKey(t, resultKey, "s3_result_key");
            if (t.status() == TaskStatus.COMPLETED) {
                return Optional.<String>empty(); // a retried request after a lost answer
            }
            if (!store.completeTask(taskId, runnerId, resultKeyOf(t), clock.instant())) {
                TaskRecord now = requireTask(taskId, runnerId);
                if (now.status() == TaskStatus.COMPLETED) {
                    return Optional.<String>empty();
                }
                throw new OrchestratorException(OrchestratorException.Kind.CONFLICT, "Task is " + now.status().wire());
            }
            LOG.info("Task {} of run {} completed", t.id(), t.runId());
            return mayHaveEnded(t.runId());
        });
        finishedTaskOfRun.ifPresent(this::finishIfDone);
    }

    /** Marks a task failed with the runner's reason. */
    public void fail(long taskId, String runnerId, String errorType, String errorMessage, String errorKey) {
        Optional<String> failedTaskOfRun = store.inWriteTransaction(() -> {
            TaskRecord t = requireTask(taskId, runnerId);
            if (errorKey != null) {
                requireOwnKey(t, errorKey, "s3_error_key");
            }
            if (t.status() == TaskStatus.FAILED) {
                return Optional.<String>empty(); // a retried request after a lost answer
            }
            if (!store.failTask(taskId, runnerId, errorType, errorMessage, errorKey == null ? null : errorKeyOf(t),
                    clock.instant())) {
                TaskRecord now = requireTask(taskId, runnerId);
                if (now.status() == TaskStatus.FAILED) {
                    return Optional.<String>empty();
                }
                throw new OrchestratorException(OrchestratorException.Kind.CONFLICT, "Task is " + now.status().wire());
            }
            LOG.info("Task {} of run {} failed: {}", t.id(), t.runId(), errorType);
            return mayHaveEnded(t.runId());
        });
        failedTaskOfRun.ifPresent(this::finishIfDone);
    }

    // ---- liveness --------------------------------------------------------------------------

    /**
     * Fails held tasks whose runner went silent for longer than the heartbeat timeout, finishes
     * runs with nothing left to do (also ones a crash left unfinished).
     *
     * @return how many tasks were timed out
     */
    public int sweep() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(heartbeatTimeout);
        String message = "No heartbeat for more than " + heartbeatTimeout.toSeconds() + " s";
        int timedOut = store.inWriteTransaction(() -> {
            int count = 0;
            for (TaskRecord t : store.heldTasksSilentSince(cutoff)) {
                // conditional: of several replicas sweeping at once, one fails the task
                if (store.timeOut(t.id(), cutoff, TIMEOUT_ERROR_TYPE, message)) {
                    LOG.warn("Task {} of run {} timed out (runner {})", t.id(), t.runId(), t.runnerId());
                    count++;
                }
            }
            return count;
        });
        for (RunRecord run : store.inTransaction(() -> store.runsWithStatus(RunStatus.RUNNING))) {
            finishIfDone(run.runId());
        }
        // archives whose builder died (kill -9 between finishing a run and storing its archive)
        for (RunRecord run : store.inWriteTransaction(() -> store.takeAbandonedArchives(now, now.plus(ARCHIVE_LEASE)))) {
            buildArchive(run, run.status());
        }
        return timedOut;
    }

    // ---- finishing -------------------------------------------------------------------------

    /**
     * In the transaction that just ended a task of {@code runId}: the run's id when it may have no open
     * task left, to be checked again after the commit ({@link #finishIfDone}). The embedded database
     * writes one transaction at a time, so what this one sees is final, and most completions are
     * answered here without a read transaction of their own. On a shared database a concurrent
     * completion of the run's other last task stays invisible until both commit: look after the commit.
     */
    private Optional<String> mayHaveEnded(String runId) throws SQLException {
        return store.embedded() && store.hasActiveTasks(runId) ? Optional.empty() : Optional.of(runId);
    }

    /**
     * Completes the run when nothing is left open. Whichever process's conditional update wins
     * builds the archive, after its commit and outside any lock; every other one does nothing.
     */
    private void finishIfDone(String runId) {
        if (store.inTransaction(() -> store.hasActiveTasks(runId))) {
            return;
        }
        Instant now = clock.instant();
        Optional<RunRecord> finished = store.inWriteTransaction(() -> store.finishRun(runId, RunStatus.COMPLETED, now,
                now.plus(ARCHIVE_LEASE)) ? store.findRun(runId) : Optional.<RunRecord>empty());
        finished.ifPresent(run -> {
            try {
                archiving.execute(() -> buildArchiveLogged(run, RunStatus.COMPLETED));
            } catch (RejectedExecutionException closing) {
                buildArchive(run, RunStatus.COMPLETED); // shutting down: build it here, before the store closes
            }
        });
    }

    /**
     * Waits for results archives being built, up to {@code timeout}; one still unfinished then is
     * built again by whichever process next finds its lease expired.
     *
     * @return false when an archive was still being built at the timeout
     */
    public boolean awaitArchives(Duration timeout) throws InterruptedException {
        archiving.shutdown();
        return archiving.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes no more archives to build. One being built is not interrupted (an interrupt inside H2 can
     * close its file): it runs on, on its daemon thread, and if cut short by the process's end the
     * lease makes a later sweep build it again.
     */
    @Override
    public void close() {
        archiving.shutdown();
    }

    private void buildArchive(RunRecord run, RunStatus status) {
        try {
            archives.build(run, completedTasksOf(run.runId()));
            String token = tokens.next();
            store.inTransaction(() -> {
                store.archiveBuilt(run.runId(), token);
                return null;
            });
            LOG.info("Run {} is {}; results archive built", run.runId(), status.wire());
        } catch (IOException | UncheckedIOException e) {
            // The run is still over; the master sees no gzip_url and reports results as unavailable.
            LOG.error("Cannot build the results archive of run {}: {}", run.runId(), e.toString());
            store.inTransaction(() -> {
                store.archiveFailed(run.runId());
                return null;
            });
        } finally {
            archiveSettled.run();
        }
    }

    private void buildArchiveLogged(RunRecord run, RunStatus status) {
        try {
            buildArchive(run, status);
        } catch (RuntimeException e) {
            // the database failed under it: the lease runs out and a later sweep builds it again
            LOG.error("Cannot build the results archive of run {}: {}", run.runId(), e.toString());
        }
    }

    /** The run's tasks page by page, each page in its own short transaction. */
    private Iterable<TaskRecord> completedTasksOf(String runId) {
        return () -> new java.util.Iterator<>() {
            private List<TaskRecord> page = List.of();
            private int index;
            private long after;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (index < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                page = store.inTransaction(() -> store.tasksOfRun(runId, after, ARCHIVE_PAGE));
                index = 0;
                exhausted = page.size() < ARCHIVE_PAGE;
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).id();
                }
                return !page.isEmpty();
            }

            @Override
            public TaskRecord next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.get(index++);
            }
        };
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
        requireHolder(task.runnerId(), runnerId);
        return task;
    }

    private static void requireHolder(String holder, String runnerId) {
        if (holder == null || !holder.equals(runnerId)) {
            throw new OrchestratorException(OrchestratorException.Kind.FORBIDDEN, "Invalid runner_id");
        }
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    // ---- access checks (http.RunnerAccess) ------------------------------------------------

    /** The status of the run with exactly this id; empty when there is none. */
    public Optional<RunStatus> statusOf(String runId) {
        return store.inTransaction(() -> store.findRun(runId).map(RunRecord::status));
    }

    /** The run a task belongs to; empty when there is no such task. */
    public Optional<RunRecord> runOfTask(long taskId) {
        return store.inTransaction(() -> store.findRunOfTask(taskId));
    }

    /** The object store runners upload into; exposed for local-path uploads. */
    public Blobs objects() {
        return objects;
    }
}
