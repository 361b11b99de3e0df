package dev.benchfleet.orchestrator.store;

/** A task to be created with a run, before it has an id. */
public record NewTask(String provider, String instanceType, String alias, int runNumber) {
}
