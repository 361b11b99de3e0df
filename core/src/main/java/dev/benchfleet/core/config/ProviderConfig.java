package dev.benchfleet.core.config;

import dev.benchfleet.core.spi.ProviderSettings;

import java.util.List;
import java.util.OptionalInt;

/**
 * One provider's slice of the run config: what a provider is handed.
 *
 * @param provider             the provider's name (its config key)
 * @param entries              its instance entries, in file order
 * @param runsPerInstanceType  tasks per instance entry
 * @param taskRunnerCount      the run's {@code task_runners.count}; see {@link #cap()}
 * @param settings             the provider's own settings ({@code "providers": {"<name>": {...}}})
 */
public record ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                             TaskRunnerCount taskRunnerCount, ProviderSettings settings) {

    public ProviderConfig {
        entries = List.copyOf(entries);
        if (settings == null) {
            settings = ProviderSettings.empty(provider);
        }
    }

    /** A slice without provider settings. */
    public ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                          TaskRunnerCount taskRunnerCount) {
        this(provider, entries, runsPerInstanceType, taskRunnerCount, ProviderSettings.empty(provider));
    }

    /** This provider's cap on runners per instance, when the config sets one. */
    public OptionalInt cap() {
        return taskRunnerCount.capFor(provider);
    }
}
