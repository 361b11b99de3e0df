package dev.benchfleet.protocol;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Run ids: the Unix time in seconds followed by 8 random digits, e.g. {@code 173400000012345678}.
 * They are always JSON strings on the wire: 18 digits are more than a double holds exactly.
 */
public final class RunId {

    /** What the protocol generates. */
    private static final Pattern GENERATED = Pattern.compile("\\d{18}");
    /** What a client may choose: the original tool sent its own ids, we accept any safe token. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A number as a client that read the id as a JSON number may print it: digits, a fraction, an exponent. */
    private static final Pattern NUMERIC = Pattern.compile("\\d+(\\.\\d+)?([eE][+]?\\d{1,3})?");
    private static final int RANDOM_DIGITS = 100_000_000;

    private RunId() {
    }

    /** A new id from {@code clock} and {@code random} (use a {@link java.security.SecureRandom}). */
    public static String generate(Clock clock, RandomGenerator random) {
        return clock.instant().getEpochSecond() + String.format("%08d", random.nextInt(RANDOM_DIGITS));
    }

    /** Whether {@code id} has the generated format (18 digits). */
    public static boolean isGenerated(String id) {
        return id != null && GENERATED.matcher(id).matches();
    }

    /** Whether a client-chosen {@code id} is acceptable: 1-64 letters, digits, {@code -} or {@code _}. */
    public static boolean isAcceptable(String id) {
        return id != null && ACCEPTED.matcher(id).matches();
    }

    /**
     * The double an id turns into when a client reads it as a JSON number (jq 1.6, JavaScript, the
     * original orchestrator's answers carried it as a number), or empty when {@code text} is not a
     * number at all. {@code 173400000012345678}, {@code 173400000012345680} and
     * {@code 1.7340000001234568e+17} all give the same double.
     */
    public static Optional<Double> asDouble(String text) {
        if (text == null || text.length() > 40 || !NUMERIC.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(text).doubleValue());
    }
}
