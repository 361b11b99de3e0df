package dev.benchfleet.terraformcheck.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References read from HCL expression text, for the places hcl4j's symbol tree leaves as text or drops:
 * heredoc templates and the bodies of object {@code for} expressions.
 */
public final class TextReferences {

    private static final Pattern TRAVERSAL = Pattern.compile(
            "(?<![\\w.\\-])([A-Za-z_][\\w-]*)((?:\\s*\\.\\s*[A-Za-z_][\\w-]*|\\[[^\\[\\]]*\\])*)");
    private static final Pattern FOR_VARIABLES = Pattern.compile(
            "\\bfor\\s+([A-Za-z_]\\w*)(?:\\s*,\\s*([A-Za-z_]\\w*))?\\s+in\\b");
    private static final Set<String> KEYWORDS = Set.of("for", "in", "if", "else", "endif", "endfor", "true", "false", "null");

    private TextReferences() {
    }

    /** Variables that {@code for}s in the text declare, and the references in it. */
    public record Found(List<String> variables, List<Expr> references) {
    }

    /**
     * The references in expression code (string literals already blanked out).
     *
     * @param code   the expression text
     * @param lineOf the 1-based file line of an offset in {@code code}
     */
    static Found inCode(String code, IntUnaryOperator lineOf) {
        List<String> declared = new ArrayList<>();
        Matcher forVars = FOR_VARIABLES.matcher(code);
        while (forVars.find()) {
            declared.add(forVars.group(1));
            if (forVars.group(2) != null) {
                declared.add(forVars.group(2));
            }
        }
        List<Expr> refs = new ArrayList<>();
        Matcher m = TRAVERSAL.matcher(code);
        while (m.find()) {
            String root = m.group(1);
            int after = m.end();
            while (after < code.length() && Character.isWhitespace(code.charAt(after))) {
                after++;
            }
            boolean call = after < code.length() && code.charAt(after) == '(';
            boolean key = after < code.length() - 1 && code.charAt(after) == '=' && code.charAt(after + 1) != '='
                    && code.charAt(after + 1) != '>';
            boolean namespaced = after < code.length() - 1 && code.charAt(after) == ':' && code.charAt(after + 1) == ':';
            if (call || key || namespaced || KEYWORDS.contains(root)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(root);
            for (String part : m.group(2).replaceAll("\\[[^\\[\\]]*\\]", ".[]").split("\\.")) {
                String name = part.strip();
                if (!name.isEmpty() && !name.equals("[]")) {
                    names.add(name);
                }
            }
            refs.add(new Expr.Ref(names, List.of(), lineOf.applyAsInt(m.start())));
        }
        return new Found(declared, refs);
    }

    /** The references in the {@code ${...}} and {@code %{...}} sequences of template text (a heredoc). */
    public static Found inTemplate(String template, IntUnaryOperator lineOf) {
        List<String> declared = new ArrayList<>();
        List<Expr> refs = new ArrayList<>();
        int i = 0;
        while (i < template.length() - 1) {
            char c = template.charAt(i);
            if ((c == '$' || c == '%') && template.charAt(i + 1) == '{') {
                if (i > 0 && template.charAt(i - 1) == c) {
                    i += 2;
                    continue;
                }
                int start = i + 2;
                int end = matching(template, i + 1, false);
                int offset = start;
                Found found = inCode(blankStrings(template.substring(start, end)), o -> lineOf.applyAsInt(offset + o));
                declared.addAll(found.variables());
                refs.addAll(found.references());
                i = end + 1;
            } else {
                i++;
            }
        }
        return new Found(declared, refs);
    }

    /** Whether text holds a template sequence ({@code ${} or {@code %{} that is not escaped). */
    static boolean hasTemplateSequence(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if ((c == '$' || c == '%') && text.charAt(i + 1) == '{' && (i == 0 || text.charAt(i - 1) != c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * From the bracket ({@code { [ (}) at {@code open}: the index of the bracket closing it, or with
     * {@code colon} the index of the first ':' at its own depth (-1 when there is none). Strings, and the
     * {@code ${...}} interpolations inside them, are skipped.
     */
    static int matching(String text, int open, boolean colon) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    i = matching(text, i + 1, false);
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth == 0 && !colon) {
                    return i;
                }
            } else if (colon && c == ':' && depth == 1) {
                return i;
            }
        }
        return colon ? -1 : text.length();
    }

    /**
     * Expression text with string literals blanked out except their {@code ${...}} interpolations; same
     * length, newlines kept, so offsets still map to lines.
     */
    static String blankStrings(String code) {
        StringBuilder out = new StringBuilder(code.length());
        boolean inString = false;
        int interpolation = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!inString || interpolation > 0) {
                if (interpolation > 0 && c == '{') {
                    interpolation++;
                } else if (interpolation > 0 && c == '}') {
                    interpolation--;
                    out.append(' ');
                    continue;
                } else if (interpolation == 0 && c == '"') {
                    inString = true;
                    out.append(' ');
                    continue;
                }
                out.append(c);
            } else if (c == '\\') {
                out.append("  ");
                i++;
            } else if (c == '"') {
                inString = false;
                out.append(' ');
            } else if (c == '$' && i + 1 < code.length() && code.charAt(i + 1) == '{') {
                interpolation = 1;
                out.append("  ");
                i++;
            } else {
                out.append(c == '\n' ? '\n' : ' ');
            }
        }
        return out.toString();
    }
}
