package dev.benchfleet.taskrunner.retry;

import java.time.Duration;

/** Waiting, as a dependency, so tests can replace the clock-bound parts. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The real thing: {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
