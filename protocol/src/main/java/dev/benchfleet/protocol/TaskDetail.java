package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A task as {@code GET /runs/{id}/tasks} shows it, with its runner's last report. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskDetail(long id, String provider, String instanceType, String instanceTypeAlias, int runNumber,
                         TaskStatus status, String runnerId, String claimedAt, String heartbeatAt,
                         String heartbeatStatus, String heartbeatMessage, String currentBenchmark,
                         Integer progressPct, String errorType, String errorMessage) {
}
