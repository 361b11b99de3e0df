package dev.benchfleet.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Did you mean" for typos in names: the closest candidate by Levenshtein distance. Config keys use
 * {@link #closest} (within two edits); terraform-check uses {@link #nearest} (whatever the distance).
 */
public final class Suggestions {

    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /** The closest candidate within two edits of {@code typo}. */
    public static Optional<String> closest(String typo, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> distance(typo, c) <= MAX_DISTANCE)
                .min(Comparator.comparingInt((String c) -> distance(typo, c)).thenComparing(c -> c));
    }

    /** The closest candidate to {@code typo}, however far; empty only when there are no candidates. */
    public static Optional<String> nearest(String typo, Collection<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt((String c) -> distance(typo, c)).thenComparing(c -> c));
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
