package dev.benchfleet.taskrunner.retry;

import java.time.Duration;

/**
 * Capped exponential backoff: wait {@code initialBackoff}, doubling up to {@code maxBackoff},
 * and give up once failures have lasted {@code window}.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration window) {

    public RetryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            maxBackoff = initialBackoff;
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public Duration backoff(int attempt) {
        Duration delay = initialBackoff;
        for (int i = 0; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
