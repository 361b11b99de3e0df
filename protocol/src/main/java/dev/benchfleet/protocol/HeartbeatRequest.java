package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /tasks/{id}/heartbeat}. Optional fields left null are not sent, and leave what the
 * orchestrator stored unchanged.
 *
 * @param progressPct 0 to 100; fractions are allowed (the orchestrator rounds them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatRequest(String runnerId, HeartbeatStatus status, String message, String currentBenchmark,
                               Number progressPct) {
}
