package dev.benchfleet.orchestrator.runs;

import java.util.List;

/**
 * A validated {@code POST /runs} body: what the orchestrator needs to create a run's tasks.
 *
 * @param benchmarkSettings the body's {@code benchmark} object as compact JSON, handed to runners with
 *                          each task; {@code null} when the body has none
 */
public record RunSpec(String runId, String rubyVersion, int runsPerInstanceType, List<InstanceEntry> entries,
                      String benchmarkSettings) {

    public RunSpec {
        entries = List.copyOf(entries);
    }

    public RunSpec(String runId, String rubyVersion, int runsPerInstanceType, List<InstanceEntry> entries) {
        this(runId, rubyVersion, runsPerInstanceType, entries, null);
    }

    public int taskCount() {
        return entries.size() * runsPerInstanceType;
    }
}
