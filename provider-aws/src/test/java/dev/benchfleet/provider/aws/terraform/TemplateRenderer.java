package dev.benchfleet.provider.aws.terraform;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders a Terraform template ({@code templatefile()}) with the subset of Terraform's template rules the
 * Benchfleet boot template uses: {@code ${name}} interpolation of a plain variable name, and the escapes
 * {@code $${} (a literal {@code ${}) and {@code %%{} (a literal {@code %{}). Anything else Terraform would
 * evaluate — expressions, function calls, {@code %{ if }}/{@code %{ for }} directives — is rejected, so a
 * template that starts to rely on more fails here instead of being rendered differently from Terraform.
 *
 * <p>Values are rendered like Terraform renders them into a string: strings as they are, booleans as
 * {@code true}/{@code false}, whole numbers without a decimal point. Interpolated text is never scanned again.
 */
public final class TemplateRenderer {

    private TemplateRenderer() {
    }

    /** The variable names the template interpolates, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        scan(template, name -> {
            names.add(name);
            return "";
        });
        return names;
    }

    /**
     * Renders like {@code templatefile(path, vars)}: every placeholder must have a value (Terraform fails
     * on an unknown variable); values not used by the template are allowed, as in Terraform.
     */
    public static String render(String template, Map<String, ?> vars) {
        return scan(template, name -> {
            if (!vars.containsKey(name)) {
                throw new IllegalArgumentException("template uses ${" + name + "} but no such variable was given; given: "
                        + vars.keySet());
            }
            return text(vars.get(name));
        });
    }

    private static String text(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return Long.toString((long) d);
            }
            return number.toString();
        }
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("only strings, numbers and booleans can be interpolated, got " + value);
    }

    private interface Resolver {
        String valueOf(String name);
    }

    private static String scan(String template, Resolver resolver) {
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            boolean opens = i + 1 < template.length() && template.charAt(i + 1) == '{';
            if ((c == '$' || c == '%') && i + 2 < template.length() && template.charAt(i + 1) == c
                    && template.charAt(i + 2) == '{') {
                out.append(c).append('{');
                i += 3;
            } else if (c == '%' && opens) {
                throw new IllegalArgumentException("template directive at offset " + i + " (line " + line(template, i)
                        + "): this renderer (and the boot template) use no %{ } directives");
            } else if (c == '$' && opens) {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ${ at line " + line(template, i));
                }
                String name = template.substring(i + 2, end).strip();
                if (name.startsWith("~") || name.endsWith("~")) {
                    throw new IllegalArgumentException("strip markers are not supported (line " + line(template, i) + ")");
                }
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("only plain variable names can be interpolated, got ${" + name
                            + "} at line " + line(template, i));
                }
                out.append(resolver.valueOf(name));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
