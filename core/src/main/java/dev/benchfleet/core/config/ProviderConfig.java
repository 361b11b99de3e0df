package dev.benchfleet.core.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * One provider's slice of the run config: what a provider is handed.
 *
 * @param provider             the provider's name (its config key)
 * @param entries              its instance entries, in file order
 * @param runsPerInstanceType  tasks per instance entry
 * @param taskRunnerCount      the run's {@code task_runners.count}; see {@link #cap()}
 */
public record ProviderConfig(String provider, List<InstanceEntry> entries, int runsPerInstanceType,
                             TaskRunnerCount taskRunnerCount) {

    public ProviderConfig {
        entries = List.copyOf(entries);
    }

    /** This provider's cap on runners per instance, when the config sets one. */
    public OptionalInt cap() {
        return taskRunnerCount.capFor(provider);
    }
}
