package dev.benchfleet.taskrunner.claim;

import dev.benchfleet.taskrunner.protocol.FailureReport;

/** How a task ends, as the orchestrator will be told. */
sealed interface TaskReport {

    /** Result archive uploaded under {@code resultKey}: call {@code /complete}. */
    record Completed(String resultKey) implements TaskReport {
    }

    /** Call {@code /fail} with this report. */
    record Failed(FailureReport report) implements TaskReport {
    }
}
