package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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
    private final Sizing sizing;
    private final BenchmarkSettings benchmark;

    /**
     * What the original tool's later form and the cost keys add to a config; every part optional.
     *
     * @param instancesPerType     {@code per_instance_type.instances}: instances per alias; 0 = computed
     *                             ({@code ceil(tasks / runners per instance)}, also {@code "auto"})
     * @param estimatedTaskMinutes {@code estimated_task_minutes}: how long one task takes, or {@code null}
     * @param maxCost              {@code max_cost}: the most a run may cost in US dollars, or {@code null}
     */
    public record Sizing(int instancesPerType, BigDecimal estimatedTaskMinutes, BigDecimal maxCost) {

        private static final Sizing NONE = new Sizing(0, null, null);

        public Sizing {
            if (instancesPerType < 0) {
                throw new IllegalArgumentException("instancesPerType must be >= 0, got " + instancesPerType);
            }
            if (estimatedTaskMinutes != null && estimatedTaskMinutes.signum() <= 0) {
                throw new IllegalArgumentException("estimatedTaskMinutes must be > 0, got " + estimatedTaskMinutes);
            }
            if (maxCost != null && maxCost.signum() <= 0) {
                throw new IllegalArgumentException("maxCost must be > 0, got " + maxCost);
            }
        }

        /** Nothing set: instances computed, no task length, no spending limit. */
        public static Sizing none() {
            return NONE;
        }
    }

    /**
     * @param providers instance entries per provider name, in file order; at least one
     * @param apiKey    the orchestrator key from the file, or {@code null}
     */
    public RunConfig(String rubyVersion, int runsPerInstanceType, TaskRunnerCount taskRunnerCount,
                     Map<String, List<InstanceEntry>> providers, RunFlags flags, Secret apiKey) {
        this(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, Sizing.none());
    }

    /**
     * @param providers instance entries per provider name, in file order; at least one
     * @param apiKey    the orchestrator key from the file, or {@code null}
     * @param sizing    {@code per_instance_type.instances}, {@code estimated_task_minutes}, {@code max_cost}
     */
    public RunConfig(String rubyVersion, int runsPerInstanceType, TaskRunnerCount taskRunnerCount,
                     Map<String, List<InstanceEntry>> providers, RunFlags flags, Secret apiKey, Sizing sizing) {
        this(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, Map.of(), sizing,
                BenchmarkSettings.defaults());
    }

    private RunConfig(String rubyVersion, int runsPerInstanceType, TaskRunnerCount taskRunnerCount,
                      Map<String, List<InstanceEntry>> providers, RunFlags flags, Secret apiKey,
                      Map<String, ObjectNode> settings, Sizing sizing, BenchmarkSettings benchmark) {
        this.sizing = Objects.requireNonNull(sizing, "sizing");
        this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
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

    /**
     * Tasks (benchmark runs) per instance entry: {@code runs_per_instance_type}, or
     * {@code per_instance_type.tasks} in the original tool's later form.
     */
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

    /** The {@code "providers": {"<provider>": {...}}} settings of any provider, used by the run or not. */
    public ProviderSettings settings(String provider) {
        ObjectNode given = settings.get(provider);
        return given == null ? ProviderSettings.empty(provider) : ProviderSettings.of(provider, given);
    }

    /** Every provider settings object of the file, by provider name. */
    public Map<String, ProviderSettings> allSettings() {
        Map<String, ProviderSettings> all = new LinkedHashMap<>();
        settings.keySet().forEach(name -> all.put(name, settings(name)));
        return all;
    }

    /** One provider's slice of this config. */
    public ProviderConfig slice(String provider) {
        List<InstanceEntry> entries = providers.get(provider);
        if (entries == null) {
            throw new IllegalArgumentException("this run config has no provider '" + provider + "'");
        }
        ObjectNode given = settings.get(provider);
        return new ProviderConfig(provider, entries, runsPerInstanceType, taskRunnerCount,
                given == null ? ProviderSettings.empty(provider) : ProviderSettings.of(provider, given),
                sizing.instancesPerType());
    }

    /** {@code per_instance_type.instances}, {@code estimated_task_minutes} and {@code max_cost}. */
    public Sizing sizing() {
        return sizing;
    }

    /** Instances per alias when the config fixes them ({@code per_instance_type.instances}). */
    public OptionalInt instancesPerType() {
        return sizing.instancesPerType() == 0 ? OptionalInt.empty() : OptionalInt.of(sizing.instancesPerType());
    }

    /** {@code estimated_task_minutes}, when given. */
    public Optional<BigDecimal> estimatedTaskMinutes() {
        return Optional.ofNullable(sizing.estimatedTaskMinutes());
    }

    /** {@code max_cost} in US dollars, when given. */
    public Optional<BigDecimal> maxCost() {
        return Optional.ofNullable(sizing.maxCost());
    }

    /** What the task runners run: which benchmarks, YJIT, the suite's repository and commit, extra environment. */
    public BenchmarkSettings benchmark() {
        return benchmark;
    }

    /** A copy with these benchmark settings (the {@code benchmark} object of the file). */
    public RunConfig withBenchmark(BenchmarkSettings newBenchmark) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, settings, sizing,
                newBenchmark);
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
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, newFlags, apiKey, settings, sizing,
                benchmark);
    }

    /** A copy with another API key (the {@code --api-key} flag wins over the file). */
    public RunConfig withApiKey(Secret newApiKey) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, newApiKey, settings, sizing,
                benchmark);
    }

    /** A copy with these provider settings ({@code "providers": {...}} of the file). */
    public RunConfig withSettings(Map<String, ObjectNode> newSettings) {
        return new RunConfig(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, apiKey, newSettings, sizing,
                benchmark);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig other && other.rubyVersion.equals(rubyVersion)
                && other.runsPerInstanceType == runsPerInstanceType
                && other.taskRunnerCount.equals(taskRunnerCount) && other.providers.equals(providers)
                && other.flags.equals(flags) && Objects.equals(other.apiKey, apiKey) && other.sizing.equals(sizing)
                && other.benchmark.equals(benchmark);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rubyVersion, runsPerInstanceType, taskRunnerCount, providers, flags, sizing);
    }

    @Override
    public String toString() {
        return "RunConfig{ruby_version=" + rubyVersion + ", runs_per_instance_type=" + runsPerInstanceType
                + ", task_runners.count=" + taskRunnerCount + ", providers=" + providers + ", flags=" + flags
                + ", api_key=" + (apiKey == null ? "unset" : apiKey) + ", sizing=" + sizing + ", benchmark=" + benchmark + "}";
    }
}
