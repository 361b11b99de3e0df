package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heartbeats taken but not written yet. Heartbeats are most of a run's requests and the only ones a
 * crash may lose (the task's runner sends the next one a few seconds later), so they are not written
 * one by one: each task keeps its latest report here, and the store writes them all in one batch a
 * few times a second. Two reports of one task in between cost one row update instead of two.
 *
 * <p>Reads of a task see its buffered report on top of the stored row ({@link #overlay}), so the
 * process that took a heartbeat answers as if it were written.
 */
final class HeartbeatBuffer {

    /** The latest report of one task since the last write, merged the way the stored row merges them. */
    record Pending(long taskId, String runnerId, Instant at, String status, String message, String benchmark,
                   Integer progress, boolean reportedRunning) {

        /** {@code later} on top of this: unset fields keep their earlier value, as in the stored row. */
        Pending then(Pending later) {
            if (!later.runnerId.equals(runnerId)) {
                return later;
            }
            return new Pending(taskId, runnerId, later.at, later.status, later.message != null ? later.message : message,
                    later.benchmark != null ? later.benchmark : benchmark,
                    later.progress != null ? later.progress : progress, reportedRunning || later.reportedRunning);
        }
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    void add(Pending report) {
        pending.merge(report.taskId(), report, Pending::then);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Takes every buffered report out, for writing. */
    List<Pending> drain() {
        List<Pending> taken = new ArrayList<>(pending.size());
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                taken.add(p);
            }
        }
        return taken;
    }

    /** Takes the buffered report of one task out, for writing before its status changes. */
    Optional<Pending> take(long taskId) {
        return Optional.ofNullable(pending.remove(taskId));
    }

    /** Puts reports back whose write failed, under any newer ones taken since. */
    void restore(List<Pending> reports) {
        for (Pending p : reports) {
            pending.merge(p.taskId(), p, (newer, older) -> older.then(newer));
        }
    }

    /** A stored task's status with its buffered report applied: a claimed task reported running is running. */
    TaskStatus statusOf(long taskId, String runnerId, TaskStatus stored) {
        if (stored != TaskStatus.CLAIMED) {
            return stored;
        }
        Pending p = pending.get(taskId);
        return p != null && p.reportedRunning() && p.runnerId().equals(runnerId) ? TaskStatus.RUNNING : stored;
    }

    /** The stored task as it is with its buffered report applied; the task itself when there is none. */
    TaskRecord overlay(TaskRecord task) {
        Pending p = pending.get(task.id());
        if (p == null || !task.status().isHeld() || !p.runnerId().equals(task.runnerId())) {
            return task;
        }
        TaskStatus status = statusOf(task.id(), task.runnerId(), task.status());
        return new TaskRecord(task.id(), task.runId(), task.provider(), task.instanceType(), task.alias(),
                task.runNumber(), status, task.runnerId(), task.claimedAt(), p.at(), p.status(),
                p.message() != null ? p.message() : task.heartbeatMessage(),
                p.benchmark() != null ? p.benchmark() : task.currentBenchmark(),
                p.progress() != null ? p.progress() : task.progressPct(), task.errorType(), task.errorMessage(),
                task.resultKey(), task.errorKey());
    }
}
