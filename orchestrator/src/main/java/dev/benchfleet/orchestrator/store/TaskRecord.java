package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;
import java.time.Instant;

/** One stored task: a single benchmark run of one instance entry. Nullable fields are unset until a runner reports them. */
public record TaskRecord(
        long id,
        String runId,
        String provider,
        String instanceType,
        String alias,
        int runNumber,
        TaskStatus status,
        String runnerId,
        Instant claimedAt,
        Instant heartbeatAt,
        String heartbeatStatus,
        String heartbeatMessage,
        String currentBenchmark,
        Integer progressPct,
        String errorType,
        String errorMessage,
        String resultKey,
        String errorKey) {
}
