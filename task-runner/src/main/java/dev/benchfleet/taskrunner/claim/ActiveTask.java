package dev.benchfleet.taskrunner.claim;

import dev.benchfleet.protocol.TaskId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The task this runner holds right now, shared between the claim loop and the shutdown hook so
 * that exactly one of them reports the task's end to the orchestrator.
 */
public final class ActiveTask {

    /** One held task; {@link #claimReport()} is true for exactly one caller. */
    public static final class Handle {
        private final TaskId taskId;
        private final AtomicBoolean reported = new AtomicBoolean();

        Handle(TaskId taskId) {
            this.taskId = taskId;
        }

        public TaskId taskId() {
            return taskId;
        }

        /** True the first time only: the caller then owns the complete/fail call. */
        public boolean claimReport() {
            return reported.compareAndSet(false, true);
        }
    }

    private final AtomicReference<Handle> current = new AtomicReference<>();

    public Handle begin(TaskId taskId) {
        Handle handle = new Handle(taskId);
        current.set(handle);
        return handle;
    }

    public void end(Handle handle) {
        current.compareAndSet(handle, null);
    }

    public Optional<Handle> current() {
        return Optional.ofNullable(current.get());
    }
}
