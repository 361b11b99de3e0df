package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /runs/{id}} (and each entry of {@code GET /runs}). {@code run_id} is always a string;
 * times are ISO-8601 strings;
 * {@code gzip_url} is null until the results archive exists.
 *
 * @param runsPerInstanceType null from an orchestrator that sends only {@code per_instance_type}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunAnswer(String runId, RunStatus status, String rubyVersion, Integer runsPerInstanceType,
                        TaskCounts tasks, String gzipUrl, String createdAt, String finishedAt) {

    public RunAnswer {
        Wire.require(runId, "run_id");
        Wire.require(status, "status");
        tasks = tasks == null ? TaskCounts.NONE : tasks;
    }
}
