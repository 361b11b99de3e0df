package dev.benchfleet.core.config;

import dev.benchfleet.core.spi.ProviderSettings;

import java.util.List;
import java.util.OptionalInt;

/**
 * One provider's slice of the run config: what a provider is handed.
 *
 * @param provider             the provider's name (its config key)
 * @param entries              its instance entries, in file order
 * @param runsPerInstanceType  tasks per instance entry ({@code runs_per_instance_type} or
 *                             {@code per_instance_type.tasks})
 * @param taskRunnerCount      the run's {@code task_runners.count}; see {@link #cap()}
 * @param settings             the provider's own settings ({@code "providers": {"<name>": {...}}})
 * @param fixedInstances       {@code per_instance_type.instances}: instances per entry; 0 when the
 *                             capacity math decides ({@code ceil(tasks / runners per instance)})
 */
public record ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                             TaskRunnerCount taskRunnerCount, ProviderSettings settings, int fixedInstances) {

    public ProviderConfig {
        entries = List.copyOf(entries);
        if (settings == null) {
            settings = ProviderSettings.empty(provider);
        }
        if (fixedInstances < 0) {
            throw new IllegalArgumentException("fixedInstances must be >= 0, got " + fixedInstances);
        }
    }

    /** A slice whose instance counts the capacity math decides. */
    public ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                          TaskRunnerCount taskRunnerCount, ProviderSettings settings) {
        this(provider, entries, runsPerInstanceType, taskRunnerCount, settings, 0);
    }

    /** A slice without provider settings, whose instance counts the capacity math decides. */
    public ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                          TaskRunnerCount taskRunnerCount) {
        this(provider, entries, runsPerInstanceType, taskRunnerCount, ProviderSettings.empty(provider), 0);
    }

    /** This provider's cap on runners per instance, when the config sets one. */
    public OptionalInt cap() {
        return taskRunnerCount.capFor(provider);
    }

    /** Instances per entry when the config fixes them ({@code per_instance_type.instances}). */
    public OptionalInt instancesPerEntry() {
        return fixedInstances == 0 ? OptionalInt.empty() : OptionalInt.of(fixedInstances);
    }
}
