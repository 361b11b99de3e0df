package dev.benchfleet.taskrunner.protocol;

import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.protocol.UploadUrls;
import java.time.Duration;

/** What the runner does after a claim: run a task, wait, or stop. */
public sealed interface ClaimResult {

    /** A task is ours: run it. */
    record Assigned(AssignedTask task, UploadUrls uploads) implements ClaimResult {
    }

    /** Others still hold tasks of our type: ask again after {@code retryAfter}. */
    record Wait(Duration retryAfter) implements ClaimResult {
    }

    /** Nothing left for our provider and type, or the run has ended. */
    record Done(String message) implements ClaimResult {
    }
}
