package dev.benchfleet.orchestrator.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread ({@code orchestrator-db-writer}) that runs the hot write path of the embedded
 * database (claims, heartbeats, completions, failures) in batches: it takes every unit of work
 * waiting, runs each in turn on one connection (each behind its own savepoint, so one unit's error
 * undoes only that unit), commits once, and only then answers each caller. Callers wait for the
 * commit of their batch, so nothing acknowledged can be lost by a crash, while N requests arriving
 * together pay one commit between them instead of N.
 *
 * <p>Being the only thread that claims, it also makes claims atomic on H2 without a lock: two claims
 * can never see the same pending task, as they never run at the same time.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** The most units of work one commit carries: bounds the time a batch holds the writer. */
    private static final int MAX_BATCH = 256;

    private final DataSource pool;
    private final Consumer<Connection> bind;
    private final Runnable unbind;
    private final Duration timeout;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread writer;

    /**
     * @param bind   makes a connection the current one of the writer thread (nested store calls join it)
     * @param unbind forgets it again
     * @param timeout how long a caller waits for its commit before giving up
     */
    GroupCommit(DataSource pool, Consumer<Connection> bind, Runnable unbind, Duration timeout) {
        this.pool = pool;
        this.bind = bind;
        this.unbind = unbind;
        this.timeout = timeout;
        this.writer = new Thread(this::loop, "orchestrator-db-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** True on the writer thread itself: its store calls join the batch's transaction. */
    boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    /** Runs {@code work} in the next batch and returns its result once that batch is committed. */
    <T> T submit(Store.Work<T> work) {
        if (closing.get()) {
            throw new StoreException("The database is closing", null);
        }
        Unit<T> unit = new Unit<>(work);
        queue.add(unit);
        try {
            return unit.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // not started yet: it never will be; started: its outcome is as unknown to the client as a lost answer
            unit.abandoned.set(true);
            throw new StoreException("The database did not commit within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            unit.abandoned.set(true);
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("Database operation failed", e.getCause());
        }
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>();
        while (!closing.get() || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("Database writer failed: {}", e.toString());
                fail(batch, new StoreException("Database writer failed", e));
            } finally {
                batch.clear();
            }
        }
        List<Unit<?>> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new StoreException("The database is closing", null));
    }

    private void run(List<Unit<?>> batch) {
        List<Unit<?>> done = new ArrayList<>(batch.size());
        try (Connection c = pool.getConnection()) {
            bind.accept(c);
            try {
                for (Unit<?> unit : batch) {
                    if (unit.abandoned.get()) {
                        continue;
                    }
                    Savepoint savepoint = c.setSavepoint();
                    try {
                        unit.runWork();
                        done.add(unit);
                    } catch (SQLException | RuntimeException e) {
                        c.rollback(savepoint);
                        unit.result.completeExceptionally(e instanceof SQLException
                                ? new StoreException("Database operation failed", e) : e);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                fail(done, new StoreException("Database commit failed", e));
                return;
            } finally {
                unbind.run();
            }
        } catch (SQLException e) {
            fail(batch, new StoreException("No database connection", e));
            return;
        }
        for (Unit<?> unit : done) {
            unit.complete();
        }
    }

    private static void fail(List<Unit<?>> units, RuntimeException e) {
        for (Unit<?> unit : units) {
            unit.result.completeExceptionally(e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the commit failure is the one reported
        }
    }

    /** Commits what is queued, then stops the writer (callers arriving later are refused). */
    @Override
    public void close() {
        closing.set(true);
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Unit<T> {
        private final Store.Work<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private T value;

        Unit(Store.Work<T> work) {
            this.work = work;
        }

        void runWork() throws SQLException {
            value = work.run();
        }

        void complete() {
            result.complete(value);
        }
    }
}
