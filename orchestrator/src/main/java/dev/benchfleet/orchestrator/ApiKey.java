package dev.benchfleet.orchestrator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The orchestrator's API key. Its {@code toString} never shows the key, so it can't leak
 * through logs or exception messages by accident.
 */
public final class ApiKey {

    private final byte[] digest;

    private ApiKey(String value) {
        this.digest = sha256(value);
    }

    /**
     * Wraps a key.
     *
     * @throws IllegalArgumentException when the key is blank or holds whitespace or control characters
     *     (the message never contains the key)
     */
    public static ApiKey of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("API key is empty");
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("API key contains whitespace or control characters");
        }
        return new ApiKey(value);
    }

    /**
     * Compares in constant time: both sides are hashed first, so neither the content nor the
     * length of the real key shows in the time taken.
     */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
