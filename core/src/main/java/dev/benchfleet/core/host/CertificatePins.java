package dev.benchfleet.core.host;

import java.util.Locale;

/** Certificate fingerprints as users type them: 64 hex digits, upper or lower case, colons allowed. */
public final class CertificatePins {

    private CertificatePins() {
    }

    /** Whether {@code value} is a SHA-256 fingerprint. */
    public static boolean isFingerprint(String value) {
        return normalize(value).matches("[0-9a-f]{64}");
    }

    /** Lower case hex without colons or spaces. */
    public static String normalize(String value) {
        return value.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
