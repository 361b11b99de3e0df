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

    /** What the body of the object {@code for} starting at {@code start} (its '{') references. */
    Body at(int start) {
        if (start < 0 || start >= text.length() || text.charAt(start) != '{') {
            return new Body(List.of(), List.of());
        }
        int end = closing(start);
        int colon = bodyStart(start, end);
        if (colon < 0) {
            return new Body(List.of(), List.of());
        }
        int bodyOffset = colon + 1;
        TextReferences.Found found = TextReferences.inCode(TextReferences.blankStrings(text.substring(bodyOffset, end)),
                offset -> lineOf(bodyOffset + offset));
        return new Body(found.variables(), found.references());
    }

    /** Variables declared by nested {@code for}s in the body, and the references in it. */
    record Body(List<String> variables, List<Expr> references) {
    }

    private int closing(int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    i = closing(i + 1);
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return text.length();
    }

    /** The ':' after {@code for ... in source}, at the expression's own depth. */
    private int bodyStart(int start, int end) {
        int depth = 0;
        boolean inString = false;
        for (int i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
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
