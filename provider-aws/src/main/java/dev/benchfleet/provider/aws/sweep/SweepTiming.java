package dev.benchfleet.provider.aws.sweep;

import java.time.Duration;

/**
 * How long the sweep waits and how it retries. Every wait is bounded.
 *
 * @param terminateWait  the longest to wait for terminated instances (EC2 takes a minute or two)
 * @param pollInterval   between two looks at the instances' states
 * @param retryFirst     first pause after a {@code DependencyViolation}; doubles each time
 * @param retryMax       the longest pause between two retries
 * @param attempts       tries per interface or security group before it is reported as left
 */
public record SweepTiming(Duration terminateWait, Duration pollInterval, Duration retryFirst, Duration retryMax,
                          int attempts) {

    /** For a real cloud: up to 10 minutes for terminations, 8 tries per group with 5 s to 60 s between them. */
    public static SweepTiming standard() {
        return new SweepTiming(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 8);
    }

    /** The pause before retry number {@code retry} (1-based): first, 2×first, 4×first... at most max. */
    public Duration backoff(int retry) {
        Duration pause = retryFirst;
        for (int i = 1; i < retry && pause.compareTo(retryMax) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(retryMax) > 0 ? retryMax : pause;
    }
}
