package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of one task. The wire form is the lower-case name. */
public enum TaskStatus {
    PENDING, CLAIMED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** True while a task still keeps its run from finishing. */
    public boolean isActive() {
        return this == PENDING || this == CLAIMED || this == RUNNING;
    }

    /** True once a runner holds the task and must keep sending heartbeats. */
    public boolean isHeld() {
        return this == CLAIMED || this == RUNNING;
    }

    /** The wire form, e.g. {@code pending}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Reads the wire form; anything else is refused with every accepted value in the message. */
    @JsonCreator
    public static TaskStatus fromWire(String value) {
        return WireNames.parse(TaskStatus.class, "status", value);
    }
}
