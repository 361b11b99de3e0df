package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The three answers to a claim: a task is yours, ask again later, nothing left. The wire form is the lower-case name. */
public enum ClaimStatus {
    ASSIGNED, WAIT, DONE;

    /** The wire form, e.g. {@code assigned}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Reads the wire form; anything else is refused with every accepted value in the message. */
    @JsonCreator
    public static ClaimStatus fromWire(String value) {
        return WireNames.parse(ClaimStatus.class, "status", value);
    }
}
