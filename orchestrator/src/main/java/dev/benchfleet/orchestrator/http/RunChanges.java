package dev.benchfleet.orchestrator.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Long polls: holds a request until what it reads changes, or a bound passes, so that clients learn of
 * a change at once instead of at their next poll ({@code GET /runs/{id}?wait=}, a claim told to
 * {@code wait}).
 *
 * <p>A held request keeps its server thread, so holds are bounded three ways: at most
 * {@link #MAX_HOLD} each; at most {@code slots} at once, a request finding none free is answered at
 * once as if it had not asked to wait (so idle pollers can never take every thread from the others);
 * and the held value is read again every {@link #RECHECK}, which also sees changes made by another
 * orchestrator replica or by the heartbeat monitor, which do not {@link #signal()}.
 */
public final class RunChanges {

    /** The longest any request is held, whatever it asks for: under the 30 s read timeout of every client. */
    static final Duration MAX_HOLD = Duration.ofSeconds(20);
    static final Duration RECHECK = Duration.ofMillis(250);

    private final Semaphore slots;
    private final Object lock = new Object();
    private long version;
    private boolean closing;

    /** @param slots how many requests may be held at the same time */
    public RunChanges(int slots) {
        this.slots = new Semaphore(slots);
    }

    /** The server is stopping: answer every held request now, and hold no more. */
    void release() {
        synchronized (lock) {
            closing = true;
            version++;
            lock.notifyAll();
        }
    }

    /** Something changed: wake every held request to read again. */
    public void signal() {
        synchronized (lock) {
            version++;
            lock.notifyAll();
        }
    }

    /**
     * Reads until the value differs from {@code baseline} or {@code wait} (capped at {@link #MAX_HOLD})
     * has passed, and returns the last value read; empty, without reading, when no slot is free (the
     * caller then answers as if no wait had been asked for).
     */
    <T> Optional<T> awaitChange(T baseline, Duration wait, Supplier<T> read) throws InterruptedException {
        Duration bound = wait.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : wait;
        if (isClosing() || !slots.tryAcquire()) {
            return Optional.empty();
        }
        try {
            long deadline = System.nanoTime() + bound.toNanos();
            while (true) {
                long seen = version();
                T value = read.get();
                long left = deadline - System.nanoTime();
                if (!Objects.equals(value, baseline) || left <= 0 || isClosing()) {
                    return Optional.of(value);
                }
                pause(seen, Math.min(left, RECHECK.toNanos()));
            }
        } finally {
            slots.release();
        }
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    private long version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Waits up to {@code nanos}, or less if a signal came after {@code seen} was read. */
    private void pause(long seen, long nanos) throws InterruptedException {
        synchronized (lock) {
            long until = System.nanoTime() + nanos;
            for (long left = nanos; version == seen && left > 0; left = until - System.nanoTime()) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * How long a request asks to be held: its {@code wait} query parameter in seconds (fractions
     * allowed), zero when absent; anything else is refused by the caller.
     */
    static Duration requested(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            return Duration.ZERO;
        }
        if (!parameter.matches("\\d{1,4}(\\.\\d{1,3})?")) {
            throw new IllegalArgumentException("wait must be a number of seconds, e.g. wait=10");
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(parameter) * 1000));
    }
}
