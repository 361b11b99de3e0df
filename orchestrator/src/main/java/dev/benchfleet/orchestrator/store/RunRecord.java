package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.RunStatus;
import java.time.Instant;

/**
 * One stored run.
 *
 * @param resultsToken unguessable token naming the combined results archive; null until it exists
 */
public record RunRecord(
        String runId,
        RunStatus status,
        String rubyVersion,
        int runsPerInstanceType,
        Instant createdAt,
        Instant finishedAt,
        String resultsToken) {
}
