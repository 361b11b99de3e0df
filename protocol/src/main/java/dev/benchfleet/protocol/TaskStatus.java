package dev.benchfleet.protocol;

/** Life cycle of one task. */
public enum TaskStatus implements WireName {
    PENDING, CLAIMED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** True while a task still keeps its run from finishing. */
    public boolean isActive() {
        return this == PENDING || this == CLAIMED || this == RUNNING;
    }

    /** True once a runner holds the task and must keep sending heartbeats. */
    public boolean isHeld() {
        return this == CLAIMED || this == RUNNING;
    }

    /** Reads the wire form; anything else is an {@link IllegalArgumentException} naming what is accepted. */
    public static TaskStatus fromWire(String value) {
        return WireName.parse(TaskStatus.class, value);
    }
}
