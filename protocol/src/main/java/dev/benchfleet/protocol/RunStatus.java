package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of a run. The original orchestrator also knew {@code failed}. The wire form is the lower-case name. */
public enum RunStatus {
    RUNNING, COMPLETED, CANCELLED, FAILED;

    /** Whether the orchestrator will not change a run in this state any more. */
    public boolean isFinal() {
        return this != RUNNING;
    }

    /** The wire form, e.g. {@code running}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Reads the wire form; anything else is refused with every accepted value in the message. */
    @JsonCreator
    public static RunStatus fromWire(String value) {
        return WireNames.parse(RunStatus.class, "status", value);
    }
}
