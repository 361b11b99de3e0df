package dev.benchfleet.terraformcheck.check;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The valid name closest to a wrong one (Levenshtein distance), for "did you mean" hints. */
final class ClosestName {

    private ClosestName() {
    }

    static Optional<String> to(String wrong, Collection<String> valid) {
        return valid.stream().min(Comparator.comparingInt((String v) -> distance(wrong, v)).thenComparing(v -> v));
    }

    /** "; did you mean `x`?" or nothing when there is no valid name at all. */
    static String hint(String wrong, Collection<String> valid) {
        return to(wrong, valid).map(v -> "; did you mean `" + v + "`?").orElse("");
    }

    static int distance(String a, String b) {
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
