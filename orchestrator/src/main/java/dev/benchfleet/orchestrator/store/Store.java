package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.protocol.RunStatus;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable storage of runs and tasks: an embedded H2 file database by default, or PostgreSQL (any
 * JDBC URL that understands the portable SQL of the migrations).
 *
 * <p>Connections come from a HikariCP pool, one per unit of work, so requests run in parallel.
 * Atomicity lives in the statements, never in a shared connection: a claim is one statement that
 * cannot hand a task out twice whatever the number of orchestrator processes on the database
 * (PostgreSQL: {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING});
 * every later change of a task is an {@code UPDATE} conditioned on the status it changes from, so
 * two replicas (or a runner and the liveness monitor) racing on one task change it once. H2 runs
 * in one process only (its file is locked), so its claims are made atomic by a JVM lock instead.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private static final String SELECT_RUNS = "SELECT run_id, status, ruby_version, runs_per_instance_type,"
            + " created_at, finished_at, results_token, archive_failed FROM runs";

    /** A unit of work run inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final String TASK_COLUMNS = "id, run_id, provider, instance_type, alias, run_number, status,"
            + " runner_id, claimed_at, heartbeat_at, heartbeat_status, heartbeat_message, current_benchmark,"
            + " progress_pct, error_type, error_message, result_key, error_key";
    private static final String HELD = "('claimed', 'running')";
    /**
     * The heartbeat columns a completion or failure sets: its time, and the task's buffered report
     * (if any) folded in, each column kept when the report has no value for it.
     */
    private static final String FOLDED_REPORT = "heartbeat_at = ?, heartbeat_status = COALESCE(?, heartbeat_status),"
            + " heartbeat_message = COALESCE(?, heartbeat_message), current_benchmark = COALESCE(?, current_benchmark)";
    private static final String ACTIVE = "('pending', 'claimed', 'running')";
    /** How long a request waits for the commit of its batch (H2) before it is answered with an error. */
    private static final Duration H2_COMMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int H2_POOL = 8;
    /**
     * The longest a heartbeat waits in memory before it is written: what a crash of the orchestrator
     * may lose of them. A completion or failure writes its task's report with it.
     */
    static final Duration HEARTBEAT_WRITE_EVERY = Duration.ofMillis(250);
    private static final String RECORD_HEARTBEAT = "UPDATE tasks SET heartbeat_at = ?, heartbeat_status = ?,"
            + " heartbeat_message = COALESCE(?, heartbeat_message),"
            + " current_benchmark = COALESCE(?, current_benchmark), progress_pct = COALESCE(?, progress_pct),"
            + " status = CASE WHEN status = 'claimed' AND ? THEN 'running' ELSE status END"
            + " WHERE id = ? AND runner_id = ? AND status IN " + "('claimed', 'running')";
    private static final int POSTGRES_POOL = 12;
    // WRITE_DELAY=0: a commit reaches the file before the answer goes out, so kill -9 loses nothing.
    // QUERY_CACHE_SIZE: every statement of the hot path stays parsed (the default 8 per session is fewer
    // than the statements one connection runs, so each was parsed again every time).
    private static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
            + ";QUERY_CACHE_SIZE=64;MAX_COMPACT_TIME=0";

    private final HikariDataSource pool;
    private final boolean h2;
    /** The connection of the unit of work running on this thread. */
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    /**
     * H2 only: the one thread that claims, heartbeats, completes and fails, committing in batches
     * (H2 has no SKIP LOCKED row claiming across sessions; a single writer needs none).
     */
    private final GroupCommit writer;
    /** Heartbeats taken and not yet written (see {@link #heartbeatLater}). */
    private final HeartbeatBuffer heartbeats = new HeartbeatBuffer();
    /** Writes buffered heartbeats every {@link #HEARTBEAT_WRITE_EVERY}. */
    private final java.util.concurrent.ScheduledExecutorService heartbeatWriter;

    private Store(HikariDataSource pool, boolean h2) {
        this.pool = pool;
        this.h2 = h2;
        this.writer = h2 ? new GroupCommit(pool, current::set, current::remove, H2_COMMIT_TIMEOUT) : null;
        this.heartbeatWriter = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "orchestrator-heartbeat-writer");
            t.setDaemon(true);
            return t;
        });
        long every = HEARTBEAT_WRITE_EVERY.toMillis();
        heartbeatWriter.scheduleWithFixedDelay(this::writeHeartbeatsSafely, every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Opens, migrates and closes a new in-memory H2 database: what a first {@link #open} of an
     * embedded database runs, with no file. See {@link dev.benchfleet.orchestrator.Orchestrator#warmUp()}.
     */
    public static void warmUp() {
        open(Path.of(""), "jdbc:h2:mem:warm-up-" + UUID.randomUUID() + H2_SETTINGS).close();
    }

    /**
     * Opens the H2 file database {@code orchestrator.mv.db} in {@code directory} (created when
     * absent), or the database at {@code jdbcUrl} when that is given, and migrates its schema.
     */
    public static Store open(Path directory, String jdbcUrl) {
        String url = jdbcUrl != null ? jdbcUrl : "jdbc:h2:file:" + directory.resolve("orchestrator").toAbsolutePath()
                + H2_SETTINGS;
        String where = jdbcUrl != null ? "the configured JDBC database" : "the orchestrator database in " + directory;
        boolean h2 = url.startsWith("jdbc:h2:");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (jdbcUrl == null) {
            config.setUsername("sa");
            config.setPassword("");
        }
        config.setAutoCommit(false);
        config.setMaximumPoolSize(h2 ? H2_POOL : POSTGRES_POOL);
        config.setMinimumIdle(2);
        config.setPoolName("orchestrator-db");
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        HikariDataSource pool = null;
        try {
            pool = new HikariDataSource(config);
            migrate(pool, h2);
            return new Store(pool, h2);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            // SQL messages can quote the URL; only its first line, passwords masked, goes into the message.
            throw new StoreException("Cannot open " + where + " (" + firstLine(rootMessage(e)) + ")", e);
        }
    }

    /**
     * Flyway applies {@code db/migration}-style scripts next to this class once each, under its own
     * database lock (replicas starting together migrate once). A database made by the earlier
     * hand-written runner (table {@code schema_version}, V1 applied) is taken over as version 1. A new,
     * empty H2 database (every local run's) gets the same scripts and history without Flyway's start-up cost.
     */
    private static void migrate(DataSource dataSource, boolean h2) {
        try {
            if (h2 && EmptyH2Migration.applyIfEmpty(dataSource)) {
                return;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot create the database schema", e);
        }
        boolean legacy;
        try (Connection c = dataSource.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, null, "schema_version", null)) {
            legacy = tables.next();
            c.rollback();
        } catch (SQLException e) {
            throw new StoreException("Cannot read the database schema", e);
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:dev/benchfleet/orchestrator/store")
                .baselineOnMigrate(legacy)
                .baselineVersion("1")
                .baselineDescription("schema made by the pre-Flyway migration runner")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SQLException) && !(t instanceof FlywayException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("");
        return line.replaceAll("(?i)password=[^&;\\s]*", "password=***");
    }

    /** The pool, for object storage in the database. */
    public DataSource dataSource() {
        return pool;
    }

    /** True for the embedded H2 database (one process only; objects then live in files). */
    public boolean embedded() {
        return h2;
    }

    /**
     * Runs {@code work} in one transaction on one pooled connection: committed when it returns,
     * rolled back when it throws. Runtime exceptions from {@code work} pass through unchanged. A
     * nested call joins the running transaction.
     */
    public <T> T inTransaction(Work<T> work) {
        if (current.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new StoreException("Database operation failed", e);
            }
        }
        try (Connection c = pool.getConnection()) {
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw new StoreException("Database operation failed", e);
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw new StoreException("No database connection", e);
        }
    }

    /**
     * A transaction on the hot write path (claims, heartbeats, completions, failures). On H2 it runs
     * on the group-commit writer ({@link GroupCommit}): with the other writes waiting at that moment,
     * under one commit, and never at the same time as another claim, which makes claims atomic there.
     * On PostgreSQL it is an ordinary transaction: the claim statement alone makes it safe. Either way
     * it returns only once its changes are committed. A nested call joins the running transaction.
     */
    public <T> T inWriteTransaction(Work<T> work) {
        if (writer == null || current.get() != null) {
            return inTransaction(work);
        }
        return writer.submit(work);
    }

    /**
     * Heartbeats are the bulk of the writes and the cheapest to lose: on PostgreSQL their commit
     * does not wait for the server's disk flush (synchronous_commit off for this transaction only).
     * A crash of the orchestrator loses nothing it answered; a crash of the database server may
     * lose the last fraction of a second of heartbeats, never a claim, completion or upload.
     */
    private void relaxDurabilityOfThisTransaction() throws SQLException {
        if (!h2) {
            try (Statement s = c().createStatement()) {
                s.execute("SET LOCAL synchronous_commit = off");
            }
        }
    }

    private Connection c() {
        Connection c = current.get();
        if (c == null) {
            throw new IllegalStateException("database work outside a transaction");
        }
        return c;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    // ---- runs ------------------------------------------------------------------------------

    public boolean runExists(String runId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insertRun(RunRecord run) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("INSERT INTO runs"
                + " (run_id, status, ruby_version, runs_per_instance_type, created_at, finished_at, results_token)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, run.runId());
            ps.setString(2, run.status().wire());
            ps.setString(3, run.rubyVersion());
            ps.setInt(4, run.runsPerInstanceType());
            ps.setLong(5, run.createdAt().toEpochMilli());
            setInstant(ps, 6, run.finishedAt());
            ps.setString(7, run.resultsToken());
            ps.executeUpdate();
        }
    }

    public void updateRun(RunRecord run) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "UPDATE runs SET status = ?, finished_at = ?, results_token = ? WHERE run_id = ?")) {
            ps.setString(1, run.status().wire());
            setInstant(ps, 2, run.finishedAt());
            ps.setString(3, run.resultsToken());
            ps.setString(4, run.runId());
            ps.executeUpdate();
        }
    }

    /** Stores the run's {@code benchmark} settings (JSON text) next to it. */
    public void saveBenchmarkSettings(String runId, String json) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("UPDATE runs SET benchmark_settings = ? WHERE run_id = ?")) {
            ps.setString(1, json);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /** The run's {@code benchmark} settings as JSON text, when it was created with some. */
    public Optional<String> benchmarkSettings(String runId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT benchmark_settings FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public Optional<RunRecord> findRun(String runId) throws SQLException {
        return findRunWhere("run_id", runId);
    }

    public Optional<RunRecord> findRunByResultsToken(String token) throws SQLException {
        return findRunWhere("results_token", token);
    }

    /** The run a task belongs to, in one statement (checked at every report made with a runner token). */
    public Optional<RunRecord> findRunOfTask(long taskId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT r.run_id, r.status, r.ruby_version,"
                + " r.runs_per_instance_type, r.created_at, r.finished_at, r.results_token, r.archive_failed FROM tasks t"
                + " JOIN runs r ON r.run_id = t.run_id WHERE t.id = ?")) {
            ps.setLong(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        }
    }

    /** {@code column} is one of this class's constants, never user input. */
    private Optional<RunRecord> findRunWhere(String column, String value) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(SELECT_RUNS + " WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        }
    }

    /** The newest {@code limit} runs, newest first. */
    public List<RunRecord> newestRuns(int limit) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                SELECT_RUNS + " ORDER BY seq DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<RunRecord> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(run(rs));
                }
                return runs;
            }
        }
    }

    public List<RunRecord> runsWithStatus(RunStatus status) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                SELECT_RUNS + " WHERE status = ? ORDER BY seq")) {
            ps.setString(1, status.wire());
            try (ResultSet rs = ps.executeQuery()) {
                List<RunRecord> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(run(rs));
                }
                return runs;
            }
        }
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString(1), RunStatus.fromWire(rs.getString(2)), rs.getString(3), rs.getInt(4),
                Instant.ofEpochMilli(rs.getLong(5)), instant(rs, 6), rs.getString(7), rs.getBoolean(8));
    }

    // ---- tasks -----------------------------------------------------------------------------

    /** Inserts tasks in the given order, so ids grow in that order; returns them as stored. */
    public List<TaskRecord> insertTasks(String runId, List<NewTask> tasks) throws SQLException {
        List<TaskRecord> created = new ArrayList<>(tasks.size());
        try (PreparedStatement ps = c().prepareStatement("INSERT INTO tasks"
                + " (run_id, provider, instance_type, alias, run_number, status) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            for (NewTask t : tasks) {
                ps.setString(1, runId);
                ps.setString(2, t.provider());
                ps.setString(3, t.instanceType());
                ps.setString(4, t.alias());
                ps.setInt(5, t.runNumber());
                ps.setString(6, TaskStatus.PENDING.wire());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    created.add(new TaskRecord(keys.getLong(1), runId, t.provider(), t.instanceType(), t.alias(),
                            t.runNumber(), TaskStatus.PENDING, null, null, null, null, null, null, null, null, null,
                            null, null));
                }
            }
        }
        return created;
    }

    public Optional<TaskRecord> findTask(long id) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?")) {
            ps.setLong(1, id);
            return firstTask(ps);
        }
    }

    /** Who holds a task, and its status as {@link #findTask} would give it: one heartbeat's read, two columns. */
    public Optional<TaskHolder> findHolder(long id) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT runner_id, status FROM tasks WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String runnerId = rs.getString(1);
                return Optional.of(new TaskHolder(runnerId,
                        heartbeats.statusOf(id, runnerId, TaskStatus.fromWire(rs.getString(2)))));
            }
        }
    }

    /** One page of a run's tasks: ids above {@code afterId}, lowest first, at most {@code limit}. */
    public List<TaskRecord> tasksOfRun(String runId, long afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, runId);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            return allTasks(ps);
        }
    }

    public List<TaskRecord> tasksOfRun(String runId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? ORDER BY id")) {
            ps.setString(1, runId);
            return allTasks(ps);
        }
    }

    /**
     * Whether a runner holds a task of this provider and instance type: one index entry is enough
     * (a count would read every held task, at every claim answered with {@code wait}).
     */
    public boolean hasHeld(String runId, String provider, String instanceType) throws SQLException {
        return hasTaskInStatus(runId, provider, instanceType, TaskStatus.CLAIMED)
                || hasTaskInStatus(runId, provider, instanceType, TaskStatus.RUNNING);
    }

    /** Whether a task of this provider and instance type is pending. */
    public boolean hasPending(String runId, String provider, String instanceType) throws SQLException {
        return hasTaskInStatus(runId, provider, instanceType, TaskStatus.PENDING);
    }

    private boolean hasTaskInStatus(String runId, String provider, String instanceType, TaskStatus status)
            throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("SELECT 1 FROM tasks"
                + " WHERE run_id = ? AND provider = ? AND instance_type = ? AND status = ? LIMIT 1")) {
            ps.setString(1, runId);
            ps.setString(2, provider);
            ps.setString(3, instanceType);
            ps.setString(4, status.wire());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether any task of the run is still pending, claimed or running (one index entry per status at most). */
    public boolean hasActiveTasks(String runId) throws SQLException {
        for (TaskStatus status : List.of(TaskStatus.PENDING, TaskStatus.CLAIMED, TaskStatus.RUNNING)) {
            try (PreparedStatement ps = c().prepareStatement(
                    "SELECT 1 FROM tasks WHERE run_id = ? AND status = ? LIMIT 1")) {
                ps.setString(1, runId);
                ps.setString(2, status.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Held tasks (of running runs) whose last heartbeat is before {@code cutoff}; the heartbeats this
     * process buffered are written first (another replica's are at most {@link #HEARTBEAT_WRITE_EVERY} late).
     */
    public List<TaskRecord> heldTasksSilentSince(Instant cutoff) throws SQLException {
        writeBufferedHeartbeats(); // the heartbeats this process took count
        List<TaskRecord> silent = new ArrayList<>();
        // run by running run, status by status: index entries of held tasks only (a stopped or finished run
        // holds none)
        for (RunRecord run : runsWithStatus(RunStatus.RUNNING)) {
            for (TaskStatus held : List.of(TaskStatus.CLAIMED, TaskStatus.RUNNING)) {
                try (PreparedStatement ps = c().prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks"
                        + " WHERE run_id = ? AND status = ? AND heartbeat_at < ?")) {
                    ps.setString(1, run.runId());
                    ps.setString(2, held.wire());
                    ps.setLong(3, cutoff.toEpochMilli());
                    silent.addAll(allTasks(ps));
                }
            }
        }
        silent.sort(java.util.Comparator.comparingLong(TaskRecord::id));
        return silent;
    }

    public TaskCounts countTasks(String runId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "SELECT status, COUNT(*) FROM tasks WHERE run_id = ? GROUP BY status")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
                while (rs.next()) {
                    counts.put(TaskStatus.fromWire(rs.getString(1)), rs.getInt(2));
                }
                return new TaskCounts(counts);
            }
        }
    }

    /** Writes every mutable column of {@code task}. */
    public void updateTask(TaskRecord task) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("UPDATE tasks SET status = ?, runner_id = ?,"
                + " claimed_at = ?, heartbeat_at = ?, heartbeat_status = ?, heartbeat_message = ?,"
                + " current_benchmark = ?, progress_pct = ?, error_type = ?, error_message = ?, result_key = ?,"
                + " error_key = ? WHERE id = ?")) {
            ps.setString(1, task.status().wire());
            ps.setString(2, task.runnerId());
            setInstant(ps, 3, task.claimedAt());
            setInstant(ps, 4, task.heartbeatAt());
            ps.setString(5, task.heartbeatStatus());
            ps.setString(6, task.heartbeatMessage());
            ps.setString(7, task.currentBenchmark());
            setInteger(ps, 8, task.progressPct());
            ps.setString(9, task.errorType());
            ps.setString(10, task.errorMessage());
            ps.setString(11, task.resultKey());
            ps.setString(12, task.errorKey());
            ps.setLong(13, task.id());
            ps.executeUpdate();
        }
    }

    /** Moves every pending, claimed or running task of the run to cancelled; returns how many. */
    public int cancelActiveTasks(String runId) throws SQLException {
        writeBufferedHeartbeats();
        try (PreparedStatement ps = c().prepareStatement(
                "UPDATE tasks SET status = ? WHERE run_id = ? AND status IN (?, ?, ?)")) {
            ps.setString(1, TaskStatus.CANCELLED.wire());
            ps.setString(2, runId);
            ps.setString(3, TaskStatus.PENDING.wire());
            ps.setString(4, TaskStatus.CLAIMED.wire());
            ps.setString(5, TaskStatus.RUNNING.wire());
            return ps.executeUpdate();
        }
    }

    /**
     * Hands the lowest-id pending task of this provider and type to {@code runnerId}, in one
     * statement. Empty when none could be taken (none pending, or on PostgreSQL the one seen was
     * taken by a concurrent claim at the same moment: the caller may look again).
     */
    public Optional<TaskRecord> claimNext(String runId, String provider, String instanceType, String runnerId,
                                          String claimId, Instant now) throws SQLException {
        String set = "UPDATE tasks SET status = 'claimed', runner_id = ?, claim_id = ?, claimed_at = ?, heartbeat_at = ?,"
                + " heartbeat_status = NULL, heartbeat_message = NULL, current_benchmark = NULL, progress_pct = 0,"
                + " error_type = NULL, error_message = NULL";
        String pending = "SELECT id FROM tasks WHERE run_id = ? AND provider = ? AND instance_type = ?"
                + " AND status = 'pending' ORDER BY id LIMIT 1";
        if (!h2) {
            try (PreparedStatement ps = c().prepareStatement(set + " WHERE id = (" + pending
                    + " FOR UPDATE SKIP LOCKED) RETURNING " + TASK_COLUMNS)) {
                bindClaim(ps, runnerId, claimId, now, runId, provider, instanceType);
                return firstTask(ps);
            }
        }
        // H2: only the group-commit writer claims (inWriteTransaction), so no other claim runs in between;
        // one statement takes the lowest pending id (read in the index's own order: one entry, no sort)
        // and returns the row as updated
        try (PreparedStatement ps = c().prepareStatement("SELECT " + TASK_COLUMNS + " FROM FINAL TABLE (" + set
                + " WHERE id = (SELECT id FROM tasks WHERE run_id = ? AND provider = ? AND instance_type = ?"
                + " AND status = 'pending' ORDER BY run_id, provider, instance_type, status, id LIMIT 1))")) {
            bindClaim(ps, runnerId, claimId, now, runId, provider, instanceType);
            return firstTask(ps);
        }
    }

    /**
     * The task this runner's claim {@code claimId} already took, if it is still claimed and nothing was
     * reported on it: the runner is retrying a claim whose answer it never got. Its heartbeat clock
     * restarts (the runner is evidently alive).
     */
    public Optional<TaskRecord> claimedBefore(String runId, String runnerId, String claimId, Instant now)
            throws SQLException {
        Optional<TaskRecord> claimed;
        try (PreparedStatement ps = c().prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE claim_id = ?"
                + " AND run_id = ? AND runner_id = ? AND status = 'claimed' ORDER BY id LIMIT 1")) {
            ps.setString(1, claimId);
            ps.setString(2, runId);
            ps.setString(3, runnerId);
            // a heartbeat still in the buffer counts as a report: "running" there means the claim's answer arrived
            claimed = firstTask(ps).filter(task -> task.status() == TaskStatus.CLAIMED);
        }
        if (claimed.isPresent()) {
            try (PreparedStatement ps = c().prepareStatement(
                    "UPDATE tasks SET heartbeat_at = ? WHERE id = ? AND status = 'claimed'")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, claimed.get().id());
                ps.executeUpdate();
            }
        }
        return claimed;
    }

    private static void bindClaim(PreparedStatement ps, String runnerId, String claimId, Instant now, String runId,
                                  String provider, String instanceType) throws SQLException {
        ps.setString(1, runnerId);
        ps.setString(2, claimId);
        ps.setLong(3, now.toEpochMilli());
        ps.setLong(4, now.toEpochMilli());
        ps.setString(5, runId);
        ps.setString(6, provider);
        ps.setString(7, instanceType);
    }

    /**
     * Takes a heartbeat on a task {@code runnerId} holds (the caller checked that it does), to be
     * written with the next batch: at the next commit of the group-commit writer (H2) or within
     * {@link #HEARTBEAT_WRITE_EVERY}, whichever comes first, and always before the task's status
     * changes. Reads of the task in this process see it at once. A {@code running} report moves a
     * claimed task to running. A crash may lose heartbeats not written yet, never anything else.
     */
    public void heartbeatLater(long taskId, String runnerId, Instant now, String status, String message,
                               String benchmark, Integer progress) {
        heartbeats.add(new HeartbeatBuffer.Pending(taskId, runnerId, now, status, message, benchmark, progress,
                "running".equals(status)));
    }

    /** Writes every buffered heartbeat in the current transaction. */
    private void writeBufferedHeartbeats() throws SQLException {
        if (!heartbeats.isEmpty()) {
            writeHeartbeats(heartbeats.drain());
        }
    }

    /** Writes reports taken out of the buffer; puts them back when the write fails. */
    private void writeHeartbeats(List<HeartbeatBuffer.Pending> taken) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(RECORD_HEARTBEAT)) {
            for (HeartbeatBuffer.Pending p : taken) {
                bindHeartbeat(ps, p);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | RuntimeException e) {
            heartbeats.restore(taken);
            throw e;
        }
    }

    private static void bindHeartbeat(PreparedStatement ps, HeartbeatBuffer.Pending p) throws SQLException {
        ps.setLong(1, p.at().toEpochMilli());
        ps.setString(2, p.status());
        ps.setString(3, p.message());
        ps.setString(4, p.benchmark());
        setInteger(ps, 5, p.progress());
        ps.setBoolean(6, p.reportedRunning());
        ps.setLong(7, p.taskId());
        ps.setString(8, p.runnerId());
    }

    /** The timer's write: a write transaction of its own (on H2 a unit of the group-commit writer). */
    private void writeHeartbeatsSafely() {
        if (heartbeats.isEmpty()) {
            return;
        }
        try {
            inWriteTransaction(() -> {
                relaxDurabilityOfThisTransaction();
                writeBufferedHeartbeats();
                return null;
            });
        } catch (RuntimeException e) {
            // kept in the buffer for the next try; an escaping exception would end the timer
            LOG.warn("Cannot write heartbeats yet: {}", e.toString());
        }
    }

    /**
     * Completes a task {@code runnerId} holds, or one the monitor timed out while its run still
     * runs (a late but valid result). Returns false when it was in neither state.
     */
    public boolean completeTask(long taskId, String runnerId, String resultKey, Instant now) throws SQLException {
        HeartbeatBuffer.Pending report = reportToFold(taskId, runnerId);
        try (PreparedStatement ps = c().prepareStatement("UPDATE tasks SET status = 'completed', " + FOLDED_REPORT
                + ", progress_pct = 100, error_type = NULL, error_message = NULL, result_key = ?"
                + " WHERE id = ? AND runner_id = ? AND (status IN " + HELD + " OR (status = 'failed'"
                + " AND error_type = 'timeout' AND EXISTS (SELECT 1 FROM runs r WHERE r.run_id = tasks.run_id"
                + " AND r.status = 'running')))")) {
            int next = bindFoldedReport(ps, now, report);
            ps.setString(next, resultKey);
            ps.setLong(next + 1, taskId);
            ps.setString(next + 2, runnerId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Fails a task {@code runnerId} holds; false when it was not held. */
    public boolean failTask(long taskId, String runnerId, String errorType, String errorMessage, String errorKey,
                            Instant now) throws SQLException {
        HeartbeatBuffer.Pending report = reportToFold(taskId, runnerId);
        try (PreparedStatement ps = c().prepareStatement("UPDATE tasks SET status = 'failed', " + FOLDED_REPORT
                + ", error_type = ?, error_message = ?, error_key = ? WHERE id = ? AND runner_id = ? AND status IN "
                + HELD)) {
            int next = bindFoldedReport(ps, now, report);
            ps.setString(next, errorType);
            ps.setString(next + 1, errorMessage);
            ps.setString(next + 2, errorKey);
            ps.setLong(next + 3, taskId);
            ps.setString(next + 4, runnerId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The buffered report of a task about to be completed or failed by {@code runnerId}, to be written
     * by that statement itself (one row update instead of two); null when there is none. A report of
     * another runner is written first, on its own, as it would have been.
     */
    private HeartbeatBuffer.Pending reportToFold(long taskId, String runnerId) throws SQLException {
        Optional<HeartbeatBuffer.Pending> taken = heartbeats.take(taskId);
        if (taken.isEmpty()) {
            return null;
        }
        if (!taken.get().runnerId().equals(runnerId)) {
            writeHeartbeats(List.of(taken.get()));
            return null;
        }
        // the statement writes it only where the report alone would have been written: same runner, task held
        return taken.get();
    }

    /** Binds {@link #FOLDED_REPORT}'s four values from index 1; returns the next index. */
    private static int bindFoldedReport(PreparedStatement ps, Instant now, HeartbeatBuffer.Pending report)
            throws SQLException {
        ps.setLong(1, now.toEpochMilli());
        ps.setString(2, report == null ? null : report.status());
        ps.setString(3, report == null ? null : report.message());
        ps.setString(4, report == null ? null : report.benchmark());
        return 5;
    }

    /** Times a held task out if it is still held and still silent since {@code cutoff}; false when someone was faster. */
    public boolean timeOut(long taskId, Instant cutoff, String errorType, String message) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("UPDATE tasks SET status = 'failed', error_type = ?,"
                + " error_message = ? WHERE id = ? AND status IN " + HELD + " AND heartbeat_at < ?")) {
            ps.setString(1, errorType);
            ps.setString(2, message);
            ps.setLong(3, taskId);
            ps.setLong(4, cutoff.toEpochMilli());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Ends a running run whose tasks are all done ({@code COMPLETED}) or, for a stop, whatever is
     * left ({@code CANCELLED}), and takes the lease on building its results archive until
     * {@code leaseUntil}. Exactly one caller, in whichever process, gets true for a run.
     */
    public boolean finishRun(String runId, RunStatus status, Instant now, Instant leaseUntil) throws SQLException {
        String onlyIfIdle = status == RunStatus.COMPLETED
                ? " AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.run_id = runs.run_id AND t.status IN " + ACTIVE + ")"
                : "";
        try (PreparedStatement ps = c().prepareStatement("UPDATE runs SET status = ?, finished_at = ?,"
                + " archive_lease_until = ? WHERE run_id = ? AND status = 'running'" + onlyIfIdle)) {
            ps.setString(1, status.wire());
            ps.setLong(2, now.toEpochMilli());
            ps.setLong(3, leaseUntil.toEpochMilli());
            ps.setString(4, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Finished runs still without a results archive whose builder's lease ran out (it crashed):
     * takes the lease of each for this caller; only one caller gets each.
     */
    public List<RunRecord> takeAbandonedArchives(Instant now, Instant leaseUntil) throws SQLException {
        List<RunRecord> candidates = new ArrayList<>();
        try (PreparedStatement ps = c().prepareStatement(SELECT_RUNS + " WHERE status <> 'running'"
                + " AND results_token IS NULL AND (archive_lease_until IS NULL OR archive_lease_until < ?)"
                + " AND (archive_failed IS NULL OR archive_failed = FALSE) ORDER BY seq")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(run(rs));
                }
            }
        }
        List<RunRecord> taken = new ArrayList<>();
        for (RunRecord run : candidates) {
            try (PreparedStatement ps = c().prepareStatement("UPDATE runs SET archive_lease_until = ? WHERE run_id = ?"
                    + " AND results_token IS NULL AND (archive_lease_until IS NULL OR archive_lease_until < ?)")) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setString(2, run.runId());
                ps.setLong(3, now.toEpochMilli());
                if (ps.executeUpdate() == 1) {
                    taken.add(run);
                }
            }
        }
        return taken;
    }

    /** The archive is built: its download token is set and the lease dropped. */
    public void archiveBuilt(String runId, String token) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "UPDATE runs SET results_token = ?, archive_lease_until = NULL WHERE run_id = ?")) {
            ps.setString(1, token);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /** The archive cannot be built (the run ends without one); nobody tries again. */
    public void archiveFailed(String runId) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement(
                "UPDATE runs SET archive_failed = TRUE, archive_lease_until = NULL WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
    }

    /**
     * A secret every replica shares (the upload URL signing key): the first process stores
     * {@code fresh}, every later one reads what is stored.
     */
    public String sharedSecret(String name, String fresh) throws SQLException {
        try (PreparedStatement ps = c().prepareStatement("INSERT INTO settings (name, setting_value) SELECT ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM settings WHERE name = ?)")) {
            ps.setString(1, name);
            ps.setString(2, fresh);
            ps.setString(3, name);
            ps.executeUpdate();
        } catch (SQLException raced) {
            // another replica inserted it at the same moment (primary key): read theirs below
            c().rollback();
        }
        try (PreparedStatement ps = c().prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("setting " + name + " is missing");
                }
                return rs.getString(1);
            }
        }
    }

    private Optional<TaskRecord> firstTask(PreparedStatement ps) throws SQLException {
        List<TaskRecord> tasks = allTasks(ps);
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }

    /** The tasks a query returns, each with the heartbeat this process buffered for it applied. */
    private List<TaskRecord> allTasks(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<TaskRecord> tasks = new ArrayList<>();
            while (rs.next()) {
                int pct = rs.getInt(14);
                Integer progress = rs.wasNull() ? null : pct;
                tasks.add(heartbeats.overlay(new TaskRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), TaskStatus.fromWire(rs.getString(7)),
                        rs.getString(8), instant(rs, 9), instant(rs, 10), rs.getString(11), rs.getString(12),
                        rs.getString(13), progress, rs.getString(15), rs.getString(16), rs.getString(17),
                        rs.getString(18))));
            }
            return tasks;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Writes the heartbeats still buffered, then closes the writer and the pool. */
    @Override
    public void close() {
        heartbeatWriter.shutdown();
        try {
            if (!heartbeatWriter.awaitTermination(H2_COMMIT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("The heartbeat writer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeHeartbeatsSafely();
        if (writer != null) {
            writer.close();
        }
        pool.close();
    }
}
