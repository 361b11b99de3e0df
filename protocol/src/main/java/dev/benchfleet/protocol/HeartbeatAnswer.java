package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a heartbeat: {@code "Heartbeat received"}, and (ours only) the task's status, so a
 * runner can notice its task was cancelled or timed out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatAnswer(String message, TaskStatus taskStatus) {

    public static HeartbeatAnswer received(TaskStatus taskStatus) {
        return new HeartbeatAnswer("Heartbeat received", taskStatus);
    }
}
