package dev.benchfleet.protocol;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration grammar of flags and environment variables on every side (orchestrator, task runner,
 * master): {@code 300ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}, a bare number of seconds,
 * or ISO-8601 ({@code PT2S}). Never negative.
 */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** Parses {@code text} or throws {@link IllegalArgumentException} with a message showing what is accepted. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("pt")) {
            Duration iso;
            try {
                iso = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw invalid(text);
            }
            if (iso.isNegative()) {
                throw invalid(text);
            }
            return iso;
        }
        Matcher matcher = SHORT_FORM.matcher(trimmed);
        if (!matcher.matches()) {
            throw invalid(text);
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** Renders a duration the way {@link #parse} reads it, for messages ({@code 1.5s}, {@code 10m}). */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis < 1_000 ? millis + "ms" : (millis / 1000.0) + "s";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 300ms, 2s, 5m, 1h)");
    }
}
