package dev.benchfleet.core.spi;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells long-running work that the user pressed Ctrl-C or the run failed elsewhere. Providers poll
 * {@link #isCancelled()} or wait on {@link #await(Duration)} instead of sleeping, so that they stop
 * promptly.
 */
public final class CancellationToken {

    private final CountDownLatch cancelled = new CountDownLatch(1);

    /** Signals cancellation; idempotent. */
    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Throws {@link CancelledException} once cancelled. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /**
     * Waits up to {@code timeout} for cancellation; use in place of {@code Thread.sleep}.
     *
     * @return true when cancelled
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Thrown by {@link #throwIfCancelled()}. */
    public static final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("cancelled");
        }
    }
}
