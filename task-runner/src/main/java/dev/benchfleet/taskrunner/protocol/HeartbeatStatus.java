package dev.benchfleet.taskrunner.protocol;

import java.util.Locale;

/** The {@code status} values a heartbeat may carry, as the protocol spells them. */
public enum HeartbeatStatus {
    BOOT, PROVISION, RUNNING, UPLOADING, FINISHED, ERROR;

    /** The wire form, e.g. {@code running}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
