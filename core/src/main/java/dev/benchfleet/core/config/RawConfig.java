package dev.benchfleet.core.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The run config as read from JSON, before its field rules are checked: values the reader could
 * not make sense of are {@code null} here and already reported. The annotations are the field
 * rules of {@code config.md}; {@link RunConfigLoader} checks them with Hibernate Validator.
 */
final class RawConfig {

    private RawConfig() {
    }

    static final String NOT_BLANK = ".*\\S.*";

    /** Top-level fields. */
    record Top(
            @NotNull(message = "is required")
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String rubyVersion,
            @NotNull(message = "is required")
            @Min(value = 1, message = "must be ≥ 1")
            Integer runsPerInstanceType,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank (leave the key out to have one generated)")
            String apiKey) {
    }

    /** One instance entry. */
    record Entry(
            @NotNull(message = "is required")
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String instanceType,
            @NotNull(message = "is required")
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            @Pattern(regexp = "(\\s*|[A-Za-z0-9._-]*)",
                    message = "may hold only letters, digits, '-', '_' and '.' (it names files and cloud resources)")
            @Pattern(regexp = "(?!\\.{1,2}$).*", message = "must not be '.' or '..'")
            @Size(max = 64, message = "must be at most 64 characters")
            String alias,
            @Min(value = 1, message = "must be ≥ 1")
            @Max(value = 4096, message = "must be at most 4096")
            Integer vcpus) {
    }

    /** One value of {@code task_runners.count}. */
    record Count(
            @NotNull(message = "is required")
            @Min(value = 1, message = "must be ≥ 1")
            Integer count) {
    }
}
