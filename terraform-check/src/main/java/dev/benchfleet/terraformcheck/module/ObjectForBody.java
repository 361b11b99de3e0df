package dev.benchfleet.terraformcheck.module;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The references in the body of an object {@code for} expression ({@code { for k, v in src : key => value }}),
 * read from the source text: hcl4j's symbol tree keeps only the source of such an expression and drops
 * {@code key => value}, so without this a reference there would go unchecked and a variable used only
 * there would look unused.
 */
final class ObjectForBody {

    private static final Pattern TRAVERSAL = Pattern.compile(
            "(?<![\\w.\\-])([A-Za-z_][\\w-]*)((?:\\s*\\.\\s*[A-Za-z_][\\w-]*|\\[[^\\[\\]]*\\])*)");
    private static final Pattern FOR_VARIABLES = Pattern.compile(
            "\\bfor\\s+([A-Za-z_]\\w*)(?:\\s*,\\s*([A-Za-z_]\\w*))?\\s+in\\b");
    private static final Set<String> KEYWORDS = Set.of("for", "in", "if", "true", "false", "null");

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
        String code = codeOnly(text.substring(colon + 1, end));
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
            if (call || key || KEYWORDS.contains(root) || Character.isDigit(root.charAt(0))) {
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
            refs.add(new Expr.Ref(names, List.of(), lineOf(colon + 1 + m.start())));
        }
        return new Body(declared, refs);
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

    /** The text with string literals removed except their {@code ${...}} interpolations (same length). */
    private static String codeOnly(String code) {
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
