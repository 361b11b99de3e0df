package dev.benchfleet.terraformcheck.check;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a Terraform template ({@code templatefile()}) reads: root names in its {@code ${...}}
 * interpolations and {@code %{...}} directives, minus names its {@code for} directives declare, function
 * names and keywords. {@code $${} and {@code %%{} are escapes, not sequences.
 */
final class TemplateVariables {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern FOR_VARIABLES = Pattern.compile("\\bfor\\s+([A-Za-z_][A-Za-z0-9_]*)(?:\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*))?\\s+in\\b");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "for", "in", "if", "else", "endif", "endfor");

    private TemplateVariables() {
    }

    /** Root variable names the template uses, in order of first use. */
    static Set<String> of(String template) {
        Set<String> used = new LinkedHashSet<>();
        Set<String> declared = new HashSet<>();
        int i = 0;
        while (i < template.length() - 1) {
            char c = template.charAt(i);
            if ((c == '$' || c == '%') && template.charAt(i + 1) == '{') {
                if (i > 0 && template.charAt(i - 1) == c) {
                    i += 2;
                    continue;
                }
                int end = closing(template, i + 2);
                String body = template.substring(i + 2, end);
                Matcher forVars = FOR_VARIABLES.matcher(body);
                while (forVars.find()) {
                    declared.add(forVars.group(1));
                    if (forVars.group(2) != null) {
                        declared.add(forVars.group(2));
                    }
                }
                roots(body, used);
                i = end + 1;
            } else {
                i++;
            }
        }
        used.removeAll(declared);
        return used;
    }

    /** Index of the '}' closing a sequence that starts at {@code from}, skipping strings and nested braces. */
    private static int closing(String text, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return text.length();
    }

    private static void roots(String body, Set<String> into) {
        String code = body.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            String name = m.group();
            int before = m.start() - 1;
            while (before >= 0 && Character.isWhitespace(code.charAt(before))) {
                before--;
            }
            int after = m.end();
            while (after < code.length() && Character.isWhitespace(code.charAt(after))) {
                after++;
            }
            boolean attribute = before >= 0 && code.charAt(before) == '.';
            boolean function = after < code.length() && code.charAt(after) == '(';
            boolean number = before >= 0 && Character.isDigit(code.charAt(before));
            if (!attribute && !function && !number && !KEYWORDS.contains(name)) {
                into.add(name);
            }
        }
    }
}
