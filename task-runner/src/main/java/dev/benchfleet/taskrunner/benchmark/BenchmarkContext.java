package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.taskrunner.heartbeat.TaskProgress;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.AssignedTask;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a benchmark gets: the task, a private work folder (outputs go straight into it), the
 * progress it updates, a way to announce a status change so a heartbeat goes out at once, and
 * {@code facts} it learns on the way ({@code ruby_description}, {@code suite_commit}) for
 * {@code metadata.json}.
 */
public record BenchmarkContext(AssignedTask task, Path workDir, TaskProgress progress,
                               Consumer<HeartbeatStatus> statusChange, Map<String, String> facts) {

    public BenchmarkContext(AssignedTask task, Path workDir, TaskProgress progress, Consumer<HeartbeatStatus> statusChange) {
        this(task, workDir, progress, statusChange, new ConcurrentHashMap<>());
    }

    public Path output(String fileName) {
        return workDir.resolve(fileName);
    }
}
