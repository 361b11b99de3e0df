package dev.benchfleet.orchestrator.runs;

/** One instance entry of a run config: which provider, which instance type, and its alias. */
public record InstanceEntry(String provider, String instanceType, String alias) {
}
