package dev.benchfleet.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value such as the orchestrator API key. {@link #toString()} masks it, so a secret that
 * ends up in a log line, an exception message or a record's {@code toString} shows as {@code ****}.
 * Call {@link #reveal()} only where the value must leave the process (an HTTP header, a child
 * process's environment).
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a non-blank secret value. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The secret itself. */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison against a candidate value. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.matches(value);
    }

    @Override
    public int hashCode() {
        return 0; // equal secrets must hash alike; a real hash would leak information about the value
    }

    @Override
    public String toString() {
        return "****";
    }
}
