package dev.benchfleet.taskrunner.cli;

import java.util.Objects;

/**
 * The orchestrator API key. A type of its own so it can never be printed by accident:
 * {@link #toString()} masks it, and only the HTTP client reads {@link #value()}.
 */
public record ApiKey(String value) {

    public ApiKey {
        Objects.requireNonNull(value, "value");
    }

    /** The header value for {@code Authorization}. */
    public String bearer() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }
}
