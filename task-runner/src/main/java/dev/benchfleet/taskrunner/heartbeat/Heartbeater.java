package dev.benchfleet.taskrunner.heartbeat;

import dev.benchfleet.taskrunner.protocol.OrchestratorClient;
import dev.benchfleet.taskrunner.protocol.OrchestratorException;
import dev.benchfleet.protocol.TaskId;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends heartbeats for one task from its own named thread: one at once, then every interval,
 * and one more whenever {@link #beatNow()} is called. A failed heartbeat is logged and otherwise
 * ignored: the task must never die because the orchestrator missed one beat.
 */
public final class Heartbeater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeater.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final OrchestratorClient client;
    private final TaskId taskId;
    private final String runnerId;
    private final TaskProgress progress;
    private final ScheduledExecutorService executor;

    private Heartbeater(OrchestratorClient client, TaskId taskId, String runnerId, TaskProgress progress) {
        this.client = client;
        this.taskId = taskId;
        this.runnerId = runnerId;
        this.progress = progress;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat-task-" + taskId.value());
            // a stuck heartbeat request must not keep the JVM alive after the runner is done
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts beating for {@code taskId}; the first heartbeat goes out immediately. */
    public static Heartbeater start(OrchestratorClient client, TaskId taskId, String runnerId,
                                    TaskProgress progress, Duration interval) {
        Heartbeater heartbeater = new Heartbeater(client, taskId, runnerId, progress);
        heartbeater.executor.scheduleWithFixedDelay(
                heartbeater::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return heartbeater;
    }

    /** Sends a heartbeat with the current state soon, e.g. after a status change. */
    public void beatNow() {
        try {
            executor.execute(this::beat);
        } catch (RejectedExecutionException e) {
            // already closed: the task is over, nothing left to report
        }
    }

    private void beat() {
        ProgressSnapshot snapshot = progress.snapshot();
        try {
            client.heartbeat(taskId, runnerId, snapshot.status(), snapshot.message(),
                    snapshot.currentBenchmark(), snapshot.progressPct());
            LOG.debug("heartbeat task {}: {} {} {}%", taskId, snapshot.status().wire(),
                    snapshot.currentBenchmark(), snapshot.progressPct());
        } catch (OrchestratorException e) {
            LOG.warn("heartbeat for task {} failed: {}", taskId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; log and keep beating
            LOG.warn("heartbeat for task {} failed unexpectedly: {}", taskId, e.toString());
        }
    }

    /** Stops beating; waits briefly for a heartbeat in flight. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("heartbeat thread for task {} still busy after {}", taskId, STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
