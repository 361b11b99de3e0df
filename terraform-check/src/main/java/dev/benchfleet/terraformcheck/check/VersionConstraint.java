package dev.benchfleet.terraformcheck.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform version constraint ({@code ~> 6.25}, {@code >= 1.5, < 2.0}) and whether a version meets it.
 * Pre-release suffixes are ignored: our schemas are releases.
 */
record VersionConstraint(List<Clause> clauses) {

    private static final Pattern CLAUSE = Pattern.compile("\\s*(~>|>=|<=|!=|=|>|<)?\\s*v?(\\d+(?:\\.\\d+){0,2})(?:-[0-9A-Za-z.-]+)?\\s*");

    /** One operator and version; {@code parts} is how many numbers were written (for {@code ~>}). */
    record Clause(String operator, int[] version, int parts) {
    }

    /** The constraint, or empty when it is not Terraform's syntax. */
    static Optional<VersionConstraint> parse(String text) {
        List<Clause> clauses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher m = CLAUSE.matcher(part);
            if (!m.matches()) {
                return Optional.empty();
            }
            String[] numbers = m.group(2).split("\\.");
            int[] version = new int[3];
            for (int i = 0; i < numbers.length; i++) {
                version[i] = Integer.parseInt(numbers[i]);
            }
            clauses.add(new Clause(m.group(1) == null ? "=" : m.group(1), version, numbers.length));
        }
        return clauses.isEmpty() ? Optional.empty() : Optional.of(new VersionConstraint(List.copyOf(clauses)));
    }

    boolean admits(String version) {
        String[] numbers = version.replaceFirst("-.*", "").split("\\.");
        int[] v = new int[3];
        for (int i = 0; i < Math.min(3, numbers.length); i++) {
            v[i] = Integer.parseInt(numbers[i]);
        }
        return clauses.stream().allMatch(c -> admits(c, v));
    }

    private static boolean admits(Clause c, int[] v) {
        int cmp = compare(v, c.version());
        return switch (c.operator()) {
            case "=" -> cmp == 0;
            case "!=" -> cmp != 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            default -> cmp >= 0 && pessimisticUpper(c, v);
        };
    }

    /** {@code ~> 6.25} allows 6.x from 6.25; {@code ~> 6.25.0} allows 6.25.x; {@code ~> 6} allows 6.x. */
    private static boolean pessimisticUpper(Clause c, int[] v) {
        int fixed = Math.max(1, c.parts() - 1);
        for (int i = 0; i < fixed; i++) {
            if (v[i] != c.version()[i]) {
                return false;
            }
        }
        return true;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
