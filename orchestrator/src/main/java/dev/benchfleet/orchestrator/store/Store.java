package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.protocol.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durable storage of runs and tasks: an embedded H2 file database by default, or any database
 * reachable by a JDBC URL that understands the portable SQL of the migration scripts (PostgreSQL).
 *
 * <p>One connection serves everything and every unit of work runs under one lock through
 * {@link #inTransaction}: the orchestrator's load is a few requests per second per runner, and
 * serialising work is what makes a claim atomic without relying on database isolation levels.
 */
public final class Store implements AutoCloseable {

    private static final String SELECT_RUNS =
            "SELECT run_id, status, ruby_version, runs_per_instance_type, created_at, finished_at, results_token FROM runs";

    /** A unit of work run inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final String TASK_COLUMNS = "id, run_id, provider, instance_type, alias, run_number, status,"
            + " runner_id, claimed_at, heartbeat_at, heartbeat_status, heartbeat_message, current_benchmark,"
            + " progress_pct, error_type, error_message, result_key, error_key";

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Store(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens the H2 file database {@code orchestrator.mv.db} in {@code directory} (created when
     * absent), or the database at {@code jdbcUrl} when that is given, and migrates its schema.
     */
    public static Store open(Path directory, String jdbcUrl) {
        // WRITE_DELAY=0: a commit reaches the file before the answer goes out, so kill -9 loses nothing.
        String url = jdbcUrl != null ? jdbcUrl : "jdbc:h2:file:" + directory.resolve("orchestrator").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        String where = jdbcUrl != null ? "the configured JDBC database" : "the orchestrator database in " + directory;
        Connection c = null;
        try {
            c = jdbcUrl != null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, "sa", "");
            c.setAutoCommit(false);
            Migrations.migrate(c);
            return new Store(c);
        } catch (SQLException e) {
            closeQuietly(c);
            // SQL messages can quote the URL; only its first line, passwords masked, goes into the message.
            throw new StoreException("Cannot open " + where + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("");
        return line.replaceAll("(?i)password=[^&;\\s]*", "password=***");
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }

    /**
     * Runs {@code work} alone and in one transaction: committed when it returns, rolled back when
     * it throws. Runtime exceptions from {@code work} pass through unchanged.
     */
    public <T> T inTransaction(Work<T> work) {
        acquire();
        try {
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly();
                throw new StoreException("Database operation failed", e);
            } catch (RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    // ---- runs ------------------------------------------------------------------------------

    public boolean runExists(String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insertRun(RunRecord run) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO runs"
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
        try (PreparedStatement ps = connection.prepareStatement(
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
        try (PreparedStatement ps = connection.prepareStatement("UPDATE runs SET benchmark_settings = ? WHERE run_id = ?")) {
            ps.setString(1, json);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /** The run's {@code benchmark} settings as JSON text, when it was created with some. */
    public Optional<String> benchmarkSettings(String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT benchmark_settings FROM runs WHERE run_id = ?")) {
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

    /** {@code column} is one of this class's constants, never user input. */
    private Optional<RunRecord> findRunWhere(String column, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT_RUNS + " WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        }
    }

    /** The newest {@code limit} runs, newest first. */
    public List<RunRecord> newestRuns(int limit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
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
        try (PreparedStatement ps = connection.prepareStatement(
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
                Instant.ofEpochMilli(rs.getLong(5)), instant(rs, 6), rs.getString(7));
    }

    // ---- tasks -----------------------------------------------------------------------------

    /** Inserts tasks in the given order, so ids grow in that order; returns them as stored. */
    public List<TaskRecord> insertTasks(String runId, List<NewTask> tasks) throws SQLException {
        List<TaskRecord> created = new ArrayList<>(tasks.size());
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO tasks"
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
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?")) {
            ps.setLong(1, id);
            return firstTask(ps);
        }
    }

    public List<TaskRecord> tasksOfRun(String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + TASK_COLUMNS + " FROM tasks WHERE run_id = ? ORDER BY id")) {
            ps.setString(1, runId);
            return allTasks(ps);
        }
    }

    /** The pending task with the lowest id for this provider and instance type, if any. */
    public Optional<TaskRecord> firstPending(String runId, String provider, String instanceType) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks"
                + " WHERE run_id = ? AND provider = ? AND instance_type = ? AND status = ? ORDER BY id LIMIT 1")) {
            ps.setString(1, runId);
            ps.setString(2, provider);
            ps.setString(3, instanceType);
            ps.setString(4, TaskStatus.PENDING.wire());
            return firstTask(ps);
        }
    }

    /** How many tasks of this provider and instance type a runner currently holds. */
    public int countHeld(String runId, String provider, String instanceType) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM tasks"
                + " WHERE run_id = ? AND provider = ? AND instance_type = ? AND status IN (?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, provider);
            ps.setString(3, instanceType);
            ps.setString(4, TaskStatus.CLAIMED.wire());
            ps.setString(5, TaskStatus.RUNNING.wire());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Held tasks (of running runs) whose last heartbeat is before {@code cutoff}. */
    public List<TaskRecord> heldTasksSilentSince(Instant cutoff) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + TASK_COLUMNS + " FROM tasks"
                + " WHERE status IN (?, ?) AND heartbeat_at < ? ORDER BY id")) {
            ps.setString(1, TaskStatus.CLAIMED.wire());
            ps.setString(2, TaskStatus.RUNNING.wire());
            ps.setLong(3, cutoff.toEpochMilli());
            return allTasks(ps);
        }
    }

    public TaskCounts countTasks(String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
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
        try (PreparedStatement ps = connection.prepareStatement("UPDATE tasks SET status = ?, runner_id = ?,"
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
            if (task.progressPct() == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, task.progressPct());
            }
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
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE tasks SET status = ? WHERE run_id = ? AND status IN (?, ?, ?)")) {
            ps.setString(1, TaskStatus.CANCELLED.wire());
            ps.setString(2, runId);
            ps.setString(3, TaskStatus.PENDING.wire());
            ps.setString(4, TaskStatus.CLAIMED.wire());
            ps.setString(5, TaskStatus.RUNNING.wire());
            return ps.executeUpdate();
        }
    }

    private static Optional<TaskRecord> firstTask(PreparedStatement ps) throws SQLException {
        List<TaskRecord> tasks = allTasks(ps);
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }

    private static List<TaskRecord> allTasks(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<TaskRecord> tasks = new ArrayList<>();
            while (rs.next()) {
                int pct = rs.getInt(14);
                Integer progress = rs.wasNull() ? null : pct;
                tasks.add(new TaskRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), TaskStatus.fromWire(rs.getString(7)), rs.getString(8),
                        instant(rs, 9), instant(rs, 10), rs.getString(11), rs.getString(12), rs.getString(13),
                        progress, rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18)));
            }
            return tasks;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

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

    private void acquire() {
        try {
            if (!lock.tryLock(LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException("The orchestrator database stayed busy for " + LOCK_TIMEOUT.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the orchestrator database", e);
        }
    }

    @Override
    public void close() {
        acquire();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the orchestrator database", e);
        } finally {
            lock.unlock();
        }
    }
}
