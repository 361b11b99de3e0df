package dev.benchfleet.taskrunner.heartbeat;

import dev.benchfleet.protocol.HeartbeatStatus;

/** What one heartbeat reports; {@code currentBenchmark}, {@code progressPct} and {@code message} may be null. */
public record ProgressSnapshot(HeartbeatStatus status, String currentBenchmark, Integer progressPct, String message) {
}
