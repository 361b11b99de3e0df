package dev.benchfleet.taskrunner.retry;

import dev.benchfleet.protocol.Durations;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a call while it fails in a retryable way, sleeping by the {@link RetryPolicy},
 * until it succeeds or the window has passed since the first failure.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;

    public Retrier(RetryPolicy policy, Sleeper sleeper, LongSupplier nanoClock) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** One attempt of the call being retried. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E, InterruptedException;
    }

    /**
     * Runs {@code attempt}; failures that {@code retryable} accepts are retried, others are thrown
     * as they are. After the window, the last retryable failure is wrapped in
     * {@link RetriesExhaustedException}.
     */
    public <T, E extends Exception> T call(String what, Attempt<T, E> attempt, Predicate<Exception> retryable)
            throws E, RetriesExhaustedException, InterruptedException {
        long firstFailure = 0;
        for (int retry = 0; ; retry++) {
            try {
                T result = attempt.run();
                if (retry > 0) {
                    LOG.info("{} succeeded again after {} retr{}", what, retry, retry == 1 ? "y" : "ies");
                }
                return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                long now = nanoClock.getAsLong();
                if (retry == 0) {
                    firstFailure = now;
                }
                Duration failingFor = Duration.ofNanos(now - firstFailure);
                Duration remaining = policy.window().minus(failingFor);
                if (remaining.isNegative() || remaining.isZero()) {
                    throw new RetriesExhaustedException(what + " kept failing for " + Durations.format(policy.window())
                            + ", giving up; last error: " + e.getMessage(), e);
                }
                Duration delay = policy.backoff(retry);
                if (delay.compareTo(remaining) > 0) {
                    delay = remaining;
                }
                LOG.warn("{} failed ({}); retrying in {}", what, e.getMessage(), Durations.format(delay));
                sleeper.sleep(delay);
            }
        }
    }
}
