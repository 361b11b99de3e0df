package dev.benchfleet.orchestrator.runs;

import java.util.List;

/** A validated {@code POST /runs} body: what the orchestrator needs to create a run's tasks. */
public record RunSpec(String runId, String rubyVersion, int runsPerInstanceType, List<InstanceEntry> entries) {

    public RunSpec {
        entries = List.copyOf(entries);
    }

    public int taskCount() {
        return entries.size() * runsPerInstanceType;
    }
}
