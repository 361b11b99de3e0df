package dev.benchfleet.core.spi;

import java.util.Objects;

/**
 * One setting a provider declares for its part of the config, e.g. {@code region}. Users give it under
 * {@code "providers": {"<provider>": {"<name>": value}}}; core checks names and types against the
 * declarations (with JSON paths in its messages), the provider checks the values in
 * {@link TaskRunnerProvider#validate}.
 *
 * @param name        the key, lower snake case
 * @param type        its JSON type
 * @param description one line for error messages and help
 */
public record Setting(String name, Type type, String description) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /** A string setting. */
    public static Setting string(String name, String description) {
        return new Setting(name, Type.STRING, description);
    }

    /** An integer setting. */
    public static Setting integer(String name, String description) {
        return new Setting(name, Type.INTEGER, description);
    }

    /** A boolean setting. */
    public static Setting bool(String name, String description) {
        return new Setting(name, Type.BOOLEAN, description);
    }

    /** The JSON types a setting can have. */
    public enum Type { STRING, INTEGER, BOOLEAN }
}
