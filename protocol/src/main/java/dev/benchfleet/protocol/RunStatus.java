package dev.benchfleet.protocol;

/** Life cycle of a run. The original orchestrator also knew {@code failed}. */
public enum RunStatus implements WireName {
    RUNNING, COMPLETED, CANCELLED, FAILED;

    /** Whether the orchestrator will not change a run in this state any more. */
    public boolean isFinal() {
        return this != RUNNING;
    }

    /** Reads the wire form; anything else is an {@link IllegalArgumentException} naming what is accepted. */
    public static RunStatus fromWire(String value) {
        return WireName.parse(RunStatus.class, value);
    }
}
