package dev.benchfleet.provider.local.docker;

import java.util.Locale;

/** Lifecycle states the engine reports for a container ({@code .State.Status}). */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD,
    /** A state this code does not know (newer engines); treated as "not finished". */
    UNKNOWN;

    /**
     * Maps the engine's lower-case status word.
     *
     * @param status e.g. {@code running}; null or unknown words give {@link #UNKNOWN}
     * @return the matching state
     */
    public static ContainerState fromEngine(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        for (ContainerState s : values()) {
            if (s.name().equals(status.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** @return true when the container's process has ended and will not run again by itself */
    public boolean finished() {
        return this == EXITED || this == DEAD;
    }
}
