package dev.benchfleet.core.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * The run config as read from JSON, before its field rules are checked: values the reader could
 * not make sense of are {@code null} here and already reported. The annotations are the field
 * rules of {@code config.md}; {@link RunConfigLoader} checks them with Hibernate Validator.
 */
final class RawConfig {

    private RawConfig() {
    }

    static final String NOT_BLANK = ".*\\S.*";

    /**
     * Top-level fields. Whether {@code runs_per_instance_type} is required depends on
     * {@code per_instance_type}, so the loader checks its presence itself.
     */
    record Top(
            @NotNull(message = "is required")
            @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String rubyVersion,
            @Min(value = 1, message = "must be ≥ 1")
            Integer runsPerInstanceType,
            @Pattern(regexp = NOT_BLANK, message = "must not be blank (leave the key out to have one generated)")
            String apiKey,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 (minutes one task takes)")
            @DecimalMax(value = "10080", message = "must be at most 10080 (a week, in minutes)")
            BigDecimal estimatedTaskMinutes,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 (US dollars)")
            BigDecimal maxCost) {

        Top(String rubyVersion, Integer runsPerInstanceType, String apiKey) {
            this(rubyVersion, runsPerInstanceType, apiKey, null, null);
        }
    }

    /** {@code per_instance_type}: tasks per alias, and instances per alias ({@code null} = auto). */
    record PerInstanceType(
            @NotNull(message = "is required (tasks per alias, a whole number ≥ 1)")
            @Min(value = 1, message = "must be ≥ 1")
            Integer tasks,
            @Min(value = 1, message = "must be ≥ 1 (or \"auto\")")
            Integer instances) {
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
            Integer vcpus,
            dev.benchfleet.core.spi.Architecture arch,
            Boolean spot) {

        Entry(String instanceType, String alias, Integer vcpus) {
            this(instanceType, alias, vcpus, null, null);
        }
    }

    /** One value of {@code task_runners.count}. */
    record Count(
            @NotNull(message = "is required")
            @Min(value = 1, message = "must be ≥ 1")
            Integer count) {
    }
}
