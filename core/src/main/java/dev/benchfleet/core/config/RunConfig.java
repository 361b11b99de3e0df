package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded, valid run config (see {@code config.md}). Immutable; load one with {@link RunConfigLoader}.
 */
public final class RunConfig {

    private final String rubyVersion;
    private final int runsPerInstanceType;
    private final TaskRunnerCount taskRunnerCount;
    private final Map<String, List<InstanceEntry>> providers;
    private final RunFlags flags;
    private final Secret apiKey; // null = not given
    private final Map<String, ObjectNode> settings;

    /**
     * @param providers instance entries per provider name, in file order; at least one
     * @param apiKey    the orchestrator key from the file, or {@code null}
     */
    public RunConfig(String rubyVersion, int runsPerInstanceType, TaskRunnerCount taskRunnerCount,
                     Map<String, List<InstanceEntry>> providers, RunFlags flags, Secret apiKey) {
        this(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, Map.of());
    }

    private RunConfig(String rubyVersion, int runsPerInstanceType, TaskRunnerCount taskRunnerCount,
                      Map<String, List<InstanceEntry>> providers, RunFlags flags, Secret apiKey,
                      Map<String, ObjectNode> settings) {
        Map<String, ObjectNode> settingsCopy = new LinkedHashMap<>();
        settings.forEach((name, values) -> settingsCopy.put(name, values.deepCopy()));
        this.settings = java.util.Collections.unmodifiableMap(settingsCopy);
        this.rubyVersion = Objects.requireNonNull(rubyVersion, "rubyVersion");
        this.runsPerInstanceType = runsPerInstanceType;
        this.taskRunnerCount = Objects.requireNonNull(taskRunnerCount, "taskRunnerCount");
        Map<String, List<InstanceEntry>> copy = new LinkedHashMap<>();
        providers.forEach((name, entries) -> copy.put(name, List.copyOf(entries)));
        this.providers = java.util.Collections.unmodifiableMap(copy);
        this.flags = Objects.requireNonNull(flags, "flags");
        this.apiKey = apiKey;
    }

    /** Version of the benchmarked runtime; selects the task runner image. */
    public String rubyVersion() {
        return rubyVersion;
    }

    /** Tasks (benchmark runs) per instance entry. */
    public int runsPerInstanceType() {
        return runsPerInstanceType;
    }

    public TaskRunnerCount taskRunnerCount() {
        return taskRunnerCount;
    }

    /** Instance entries per provider, in file order. */
    public Map<String, List<InstanceEntry>> providers() {
        return providers;
    }

    /** Names of the providers this run uses, in file order. */
    public Set<String> providerNames() {
        return providers.keySet();
    }

    /** One provider's slice of this config. */
    public ProviderConfig slice(String provider) {
        List<InstanceEntry> entries = providers.get(provider);
        if (entries == null) {
            throw new IllegalArgumentException("this run config has no provider '" + provider + "'");
        }
        ObjectNode given = settings.get(provider);
        return new ProviderConfig(provider, entries, runsPerInstanceType, taskRunnerCount,
                given == null ? ProviderSettings.empty(provider) : ProviderSettings.of(provider, given));
    }

    public RunFlags flags() {
        return flags;
    }

    /** The orchestrator API key given in the file, if any. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Total tasks of the run: one per instance entry and run number. */
    public int totalTasks() {
        return providers.values().stream().mapToInt(List::size).sum() * runsPerInstanceType;
    }

    /** A copy with other flags (command-line flags win over the file). */
    public RunConfig withFlags(RunFlags newFlags) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, newFlags, apiKey, settings);
    }

    /** A copy with another API key (the {@code --api-key} flag wins over the file). */
    public RunConfig withApiKey(Secret newApiKey) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, newApiKey, settings);
    }

    /** A copy with these provider settings ({@code "providers": {...}} of the file). */
    public RunConfig withSettings(Map<String, ObjectNode> newSettings) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, newSettings);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig other && other.rubyVersion.equals(rubyVersion)
                && other.runsPerInstanceType == runsPerInstanceType
                && other.taskRunnerCount.equals(taskRunnerCount) && other.providers.equals(providers)
                && other.flags.equals(flags) && Objects.equals(other.apiKey, apiKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags);
    }

    @Override
    public String toString() {
        return "RunConfig{ruby_version=" + rubyVersion + ", runs_per_instance_type=" + runsPerInstanceType
                + ", task_runners.count=" + taskRunnerCount + ", providers=" + providers + ", flags=" + flags
                + ", api_key=" + (apiKey == null ? "unset" : apiKey) + "}";
    }
}
