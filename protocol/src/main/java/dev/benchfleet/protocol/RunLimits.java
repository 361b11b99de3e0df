package dev.benchfleet.protocol;

/**
 * Limits both ends of the protocol agree on, so the master refuses before it creates anything what the
 * orchestrator would refuse after.
 */
public final class RunLimits {

    /** Most tasks one instance type (one alias) may have in a run: {@code runs_per_instance_type}. */
    public static final int MAX_TASKS_PER_INSTANCE_TYPE = 10_000;

    private RunLimits() {
    }
}
