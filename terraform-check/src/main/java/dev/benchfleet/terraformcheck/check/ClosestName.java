package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.core.config.Suggestions;
import java.util.Collection;
import java.util.Optional;

/** The valid name closest to a wrong one, for "did you mean" hints. */
final class ClosestName {

    private ClosestName() {
    }

    static Optional<String> to(String wrong, Collection<String> valid) {
        return Suggestions.nearest(wrong, valid);
    }

    /** "; did you mean `x`?" or nothing when there is no valid name at all. */
    static String hint(String wrong, Collection<String> valid) {
        return to(wrong, valid).map(v -> "; did you mean `" + v + "`?").orElse("");
    }
}
