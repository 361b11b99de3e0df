package dev.benchfleet.core.spi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment variables a provider may read (credentials, binary overrides). The embedding
 * application decides what goes in: the command-line runner hands the process environment, a test
 * hands exactly what it wants. Providers never call {@link System#getenv()} themselves.
 * {@link #toString()} lists names only, never values.
 */
public final class Environment {

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** An environment holding exactly these variables. */
    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** An environment with no variables. */
    public static Environment empty() {
        return new Environment(Map.of());
    }

    /** The value of a variable, when it is set and not blank. */
    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * The first executable regular file called {@code name} (or {@code name.exe} on Windows) in this
     * environment's {@code PATH}, the way a shell finds a command; empty when there is none.
     */
    public Optional<Path> findExecutable(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : get("PATH").orElse("").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String candidate : windows ? new String[] {name, name + ".exe"} : new String[] {name}) {
                Path file = Path.of(dir, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    /** Every variable, for handing on to a child process. */
    public Map<String, String> asMap() {
        return variables;
    }

    /** A copy with one more variable. */
    public Environment with(String name, String value) {
        Map<String, String> copy = new TreeMap<>(variables);
        copy.put(name, value);
        return new Environment(copy);
    }

    @Override
    public String toString() {
        return "Environment" + new TreeMap<>(variables).keySet();
    }
}
