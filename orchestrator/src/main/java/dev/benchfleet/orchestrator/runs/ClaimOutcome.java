package dev.benchfleet.orchestrator.runs;

import dev.benchfleet.orchestrator.store.TaskRecord;
import java.time.Instant;

/** The three answers to a claim. */
public sealed interface ClaimOutcome {

    /**
     * A task now belongs to the runner, which may upload its two archives until {@code uploadsExpire}.
     * {@code benchmarkSettings} is the run's {@code benchmark} object (JSON), or {@code null}.
     */
    record Assigned(TaskRecord task, String rubyVersion, String resultKey, String errorKey,
                    Instant uploadsExpire, String benchmarkSettings) implements ClaimOutcome {

        public Assigned(TaskRecord task, String rubyVersion, String resultKey, String errorKey, Instant uploadsExpire) {
            this(task, rubyVersion, resultKey, errorKey, uploadsExpire, null);
        }
    }

    /** Nothing pending, but other runners still hold tasks of this type: ask again later. */
    record Wait(int retryAfterSeconds) implements ClaimOutcome {
    }

    /** Nothing left for this provider and type, or the run is over. */
    record Done(String message) implements ClaimOutcome {
    }
}
