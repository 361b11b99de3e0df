package dev.benchfleet.orchestrator.runs;

import java.util.Set;

/**
 * What a runner reports with a heartbeat. Null optional fields leave the stored values unchanged.
 *
 * @param status one of {@link #STATUSES}
 */
public record HeartbeatReport(String status, String message, String currentBenchmark, Integer progressPct) {

    /** Runner phases the protocol allows. */
    public static final Set<String> STATUSES = Set.of("boot", "provision", "running", "uploading", "finished", "error");
}
