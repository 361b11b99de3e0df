package dev.benchfleet.orchestrator.store;

import java.util.Locale;

/** Life cycle of a run; the wire form is the lower-case name. */
public enum RunStatus {
    RUNNING, COMPLETED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
