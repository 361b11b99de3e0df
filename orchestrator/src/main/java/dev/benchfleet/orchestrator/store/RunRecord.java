package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.RunStatus;
import java.time.Instant;

/**
 * One stored run.
 *
 * @param resultsToken unguessable token naming the combined results archive; null until it exists
 * @param archiveFailed the results archive could not be built: the run ends without one
 */
public record RunRecord(
        String runId,
        RunStatus status,
        String rubyVersion,
        int runsPerInstanceType,
        Instant createdAt,
        Instant finishedAt,
        String resultsToken,
        boolean archiveFailed) {

    /** A run as it begins: no archive yet, none failed. */
    public RunRecord(String runId, RunStatus status, String rubyVersion, int runsPerInstanceType, Instant createdAt,
                     Instant finishedAt, String resultsToken) {
        this(runId, status, rubyVersion, runsPerInstanceType, createdAt, finishedAt, resultsToken, false);
    }

    /**
     * The status clients are shown: a run whose tasks are over reads as {@code running} until its
     * results archive is stored (or could not be built). The archive is built after the last task's
     * answer, and the original's master downloads {@code gzip_url} as soon as it reads
     * {@code completed}, so {@code completed} must never come without it.
     */
    public RunStatus reportedStatus() {
        return status.isFinal() && resultsToken == null && !archiveFailed ? RunStatus.RUNNING : status;
    }
}
