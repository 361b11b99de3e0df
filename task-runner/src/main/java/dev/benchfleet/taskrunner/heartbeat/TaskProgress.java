package dev.benchfleet.taskrunner.heartbeat;

import dev.benchfleet.protocol.HeartbeatStatus;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live state of the task being run. The benchmark writes it, the heartbeat thread reads it;
 * one immutable snapshot swapped atomically, so a heartbeat never mixes two states.
 */
public final class TaskProgress {

    private final AtomicReference<ProgressSnapshot> current;

    public TaskProgress(HeartbeatStatus initialStatus) {
        this.current = new AtomicReference<>(new ProgressSnapshot(initialStatus, null, 0, null));
    }

    public ProgressSnapshot snapshot() {
        return current.get();
    }

    public void status(HeartbeatStatus status, String message) {
        current.updateAndGet(s -> new ProgressSnapshot(status, s.currentBenchmark(), s.progressPct(), message));
    }

    /** Benchmark {@code index} (1-based) of {@code total} has started. */
    public void benchmarkStarted(String name, int index, int total) {
        int pct = total <= 0 ? 0 : Math.max(0, Math.min(99, (index - 1) * 100 / total));
        current.updateAndGet(s -> new ProgressSnapshot(s.status(), name, pct, s.message()));
    }

    public void progress(int pct) {
        int clamped = Math.max(0, Math.min(100, pct));
        current.updateAndGet(s -> new ProgressSnapshot(s.status(), s.currentBenchmark(), clamped, s.message()));
    }
}
