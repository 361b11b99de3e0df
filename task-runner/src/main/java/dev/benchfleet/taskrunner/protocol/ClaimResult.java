package dev.benchfleet.taskrunner.protocol;

import java.time.Duration;

/** The three answers to {@code POST /runs/{run_id}/tasks/claim}. */
public sealed interface ClaimResult {

    /** A task is ours: run it. */
    record Assigned(TaskInfo task, UploadUrls uploads) implements ClaimResult {
    }

    /** Others still hold tasks of our type: ask again after {@code retryAfter}. */
    record Wait(Duration retryAfter) implements ClaimResult {
    }

    /** Nothing left for our provider and type, or the run has ended. */
    record Done(String message) implements ClaimResult {
    }
}
