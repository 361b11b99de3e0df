package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.Map;

/** How many tasks of a run are in each status. */
public record TaskCounts(Map<TaskStatus, Integer> byStatus) {

    public TaskCounts {
        EnumMap<TaskStatus, Integer> copy = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            copy.put(s, byStatus.getOrDefault(s, 0));
        }
        byStatus = Map.copyOf(copy);
    }

    public int get(TaskStatus status) {
        return byStatus.get(status);
    }

    public int total() {
        return byStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int active() {
        return get(TaskStatus.PENDING) + get(TaskStatus.CLAIMED) + get(TaskStatus.RUNNING);
    }
}
