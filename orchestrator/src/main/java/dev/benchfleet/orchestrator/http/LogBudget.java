package dev.benchfleet.orchestrator.http;

import java.time.Duration;

/**
 * At most {@code lines} log lines per {@code window} for one kind of client fault: a hostile
 * client must not be able to flood the log (or the disk under it).
 */
final class LogBudget {

    private final int lines;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int used;

    LogBudget(int lines, Duration window) {
        this.lines = lines;
        this.windowNanos = window.toNanos();
    }

    /** True when one more line may be written now. */
    synchronized boolean allow() {
        long now = System.nanoTime();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            used = 0;
        }
        return used++ < lines;
    }
}
