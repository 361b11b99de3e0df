package dev.benchfleet.orchestrator.store;

import java.util.Locale;

/** Life cycle of one task; the wire form is the lower-case name. */
public enum TaskStatus {
    PENDING, CLAIMED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** True while a task still blocks its run from finishing. */
    public boolean isActive() {
        return this == PENDING || this == CLAIMED || this == RUNNING;
    }

    /** True once a runner holds the task and must keep sending heartbeats. */
    public boolean isHeld() {
        return this == CLAIMED || this == RUNNING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
