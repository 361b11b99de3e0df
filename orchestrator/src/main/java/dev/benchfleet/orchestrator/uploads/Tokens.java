package dev.benchfleet.orchestrator.uploads;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable URL tokens: 256 random bits, URL-safe. A token in a URL is the only credential for
 * uploading one task archive or downloading one results archive.
 */
public final class Tokens {

    private final SecureRandom random;

    public Tokens(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when {@code value} has the shape of a token, so junk never reaches a lookup. */
    public static boolean isWellFormed(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{43}");
    }
}
