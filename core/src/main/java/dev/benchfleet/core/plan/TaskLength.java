package dev.benchfleet.core.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How long one task is assumed to take, for the cost estimate: {@code estimated_task_minutes} from the
 * config, or {@link #DEFAULT_MINUTES} when the config does not say. Always shown as an assumption.
 *
 * @param minutes    minutes per task, &gt; 0
 * @param fromConfig true when the config set it, false for the default
 */
public record TaskLength(BigDecimal minutes, boolean fromConfig) {

    /**
     * The assumed task length when the config gives none: 30 minutes, about one pass of the ruby-bench
     * suite on a small instance. A guess by design, which is why the output always says it is one.
     */
    public static final BigDecimal DEFAULT_MINUTES = BigDecimal.valueOf(30);

    public TaskLength {
        Objects.requireNonNull(minutes, "minutes");
        if (minutes.signum() <= 0) {
            throw new IllegalArgumentException("minutes must be > 0, got " + minutes);
        }
    }

    /** The length from the config, or the default. */
    public static TaskLength of(java.util.Optional<BigDecimal> configured) {
        return configured.map(m -> new TaskLength(m, true)).orElseGet(() -> new TaskLength(DEFAULT_MINUTES, false));
    }

    /** The sentence that states the assumption, for people. */
    public String describe() {
        return "each task takes " + minutes.stripTrailingZeros().toPlainString() + " min ("
                + (fromConfig ? "estimated_task_minutes in the config" : "the default; set estimated_task_minutes in the config")
                + "); an instance is up for (tasks per runner) × that, and is billed for that long; "
                + "boot time, the orchestrator host, disks and traffic are not counted";
    }
}
