package dev.benchfleet.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The orchestrator API key, on both sides of the wire. {@link #toString()} never shows it, so it
 * cannot leak through a log line or an exception message by accident; only an HTTP client sending
 * {@link #authorization()} reads it.
 */
public final class ApiKey {

    private static final String BEARER = "Bearer ";

    private final String value;
    private final byte[] bytes;

    private ApiKey(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Wraps a key.
     *
     * @throws IllegalArgumentException when the key is empty or holds whitespace or control characters
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

    /** The value of the {@code Authorization} header that carries this key. */
    public String authorization() {
        return BEARER + value;
    }

    /**
     * Whether an {@code Authorization} header carries this key ({@code Bearer} in any case).
     * Compares in constant time: neither the content nor the length of the real key shows in the
     * time taken ({@link #matches}).
     */
    public boolean authorizes(String authorizationHeader) {
        return bearer(authorizationHeader).map(this::matches).orElse(false);
    }

    /** The credential an {@code Authorization: Bearer ...} header carries ({@code Bearer} in any case), if it is one. */
    public static java.util.Optional<String> bearer(String authorizationHeader) {
        if (authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(authorizationHeader.substring(BEARER.length()).trim());
    }

    /**
     * Whether {@code candidate} is this key, compared in constant time: {@link MessageDigest#isEqual}
     * with the key first takes a time that depends on the key's length only, whatever the candidate's
     * content or length. (It is checked at every request: hashing both sides cost a digest lookup and
     * two SHA-256 runs each time.)
     */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The key's bytes, for {@link RunnerTokens} only. */
    byte[] secretBytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
