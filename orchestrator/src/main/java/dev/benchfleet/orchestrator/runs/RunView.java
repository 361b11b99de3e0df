package dev.benchfleet.orchestrator.runs;

import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.orchestrator.store.TaskCounts;

/** A run with its task counts, as status endpoints show it. */
public record RunView(RunRecord run, TaskCounts counts) {
}
