package dev.benchfleet.orchestrator.runs;

import dev.benchfleet.protocol.HeartbeatStatus;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a runner reports with a heartbeat. Null optional fields leave the stored values unchanged.
 *
 * @param status one of {@link #STATUSES}
 */
public record HeartbeatReport(String status, String message, String currentBenchmark, Integer progressPct) {

    /** Runner phases the protocol allows. */
    public static final Set<String> STATUSES =
            Arrays.stream(HeartbeatStatus.values()).map(HeartbeatStatus::wire).collect(Collectors.toUnmodifiableSet());
}
