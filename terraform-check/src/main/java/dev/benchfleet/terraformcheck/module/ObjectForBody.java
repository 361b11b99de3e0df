package dev.benchfleet.terraformcheck.module;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The references in the body of an object {@code for} expression ({@code { for k, v in src : key => value }}),
 * read from the source text: hcl4j's symbol tree keeps only the source of such an expression and drops
 * {@code key => value}, so without this a reference there would go unchecked and a variable used only
 * there would look unused.
 */
final class ObjectForBody {

    private final String text;

    ObjectForBody(String text) {
        this.text = text;
    }

    /** What the body of the object {@code for} starting at {@code start} (its '{') declares and references. */
    TextReferences.Found at(int start) {
        if (start < 0 || start >= text.length() || text.charAt(start) != '{') {
            return new TextReferences.Found(List.of(), List.of());
        }
        int end = TextReferences.matching(text, start, false);
        int colon = TextReferences.matching(text, start, true);
        if (colon < 0 || colon > end) {
            return new TextReferences.Found(List.of(), List.of());
        }
        int bodyOffset = colon + 1;
        return TextReferences.inCode(TextReferences.blankStrings(text.substring(bodyOffset, end)), offset -> lineOf(bodyOffset + offset));
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static Set<String> names(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
