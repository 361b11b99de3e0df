package dev.benchfleet.orchestrator.http;

import java.time.Duration;

/**
 * Counts requests being handled, so shutdown can wait for them instead of for a fixed delay
 * (the HTTP server's own graceful stop only waits for connections, not for our handlers).
 */
final class InFlight {

    private int count;

    synchronized void enter() {
        count++;
    }

    synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Waits until no request is being handled, or {@code timeout} passed; returns whether idle. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
