package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code tasks} of a run's answer: how many tasks are in each state.
 *
 * @param cancelled 0 when the orchestrator does not report it (the original did not)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCounts(int total, int pending, int claimed, int running, int completed, int failed,
                         int cancelled) {

    /** No tasks at all. */
    public static final TaskCounts NONE = new TaskCounts(0, 0, 0, 0, 0, 0, 0);

    /** Tasks no runner works on yet or any more: completed, failed or cancelled. */
    public int done() {
        return completed + failed + cancelled;
    }
}
