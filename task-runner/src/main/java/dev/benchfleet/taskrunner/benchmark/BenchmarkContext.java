package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.taskrunner.heartbeat.TaskProgress;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.AssignedTask;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a benchmark gets: the task, a private work folder (outputs go straight into it), the
 * progress it updates, and a way to announce a status change so a heartbeat goes out at once.
 */
public record BenchmarkContext(AssignedTask task, Path workDir, TaskProgress progress,
                               Consumer<HeartbeatStatus> statusChange) {

    public Path output(String fileName) {
        return workDir.resolve(fileName);
    }
}
