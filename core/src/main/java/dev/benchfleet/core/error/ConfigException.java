package dev.benchfleet.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input is wrong. Carries every {@link Problem} found, so that one run of the tool
 * shows them all instead of one per attempt.
 */
public final class ConfigException extends BenchfleetException {

    private final List<Problem> problems;

    /** Several problems found in {@code source} (a file name, "flags", "providers"...). */
    public ConfigException(String source, List<Problem> problems) {
        super(render(source, problems), null, null);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** One problem, with a known fix (may be {@code null}). */
    public ConfigException(Problem problem, String fix) {
        super(problem.toString(), fix, null);
        this.problems = List.of(problem);
    }

    /** Every problem, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(String source, List<Problem> problems) {
        String header = problems.size() == 1
                ? source + " has a problem:"
                : source + " has " + problems.size() + " problems:";
        return problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
