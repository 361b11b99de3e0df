package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.protocol.HeartbeatStatus;

/**
 * One way of producing a task's results: the built-in mock or the real ruby-bench suite.
 * On success {@code output.txt} (and, when made, {@code output.json}, {@code output.csv})
 * exist in {@link BenchmarkContext#workDir()}.
 */
public interface Benchmark {

    /** The heartbeat status reported from the moment the task starts. */
    HeartbeatStatus initialStatus();

    void run(BenchmarkContext context) throws BenchmarkFailedException, InterruptedException;
}
