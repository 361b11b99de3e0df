package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code 201} to {@code POST /runs}: the run's id (the one sent, or the one the orchestrator generated
 * when none was) and the tasks created.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateRunAnswer(String runId, int tasksCreated, List<TaskSummary> tasks) {

    public CreateRunAnswer {
        Wire.require(runId, "run_id");
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
