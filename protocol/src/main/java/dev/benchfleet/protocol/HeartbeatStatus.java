package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The phase a runner reports with a heartbeat. The wire form is the lower-case name. */
public enum HeartbeatStatus {
    BOOT, PROVISION, RUNNING, UPLOADING, FINISHED, ERROR;

    /** The wire form, e.g. {@code boot}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Reads the wire form; anything else is refused with every accepted value in the message. */
    @JsonCreator
    public static HeartbeatStatus fromWire(String value) {
        return WireNames.parse(HeartbeatStatus.class, "status", value);
    }
}
