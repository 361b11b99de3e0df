package dev.benchfleet.core.registry;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The task runner providers available to a run, by name, in a stable (alphabetical) order.
 * Two providers with one name are an error that names both classes and the jars they came from;
 * asking for an unknown name lists the known ones.
 */
public final class ProviderRegistry {

    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final SortedSet<String> RESERVED = new TreeSet<>(List.of("ruby_version",
            "runs_per_instance_type", "task_runners", "local_orchestrator", "skip_infra", "mock", "debug",
            "non_interactive", "api_key", "run_id", "per_instance_type", "providers"));

    private final Map<String, TaskRunnerProvider> byName;

    private ProviderRegistry(Map<String, TaskRunnerProvider> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Finds every {@link TaskRunnerProvider} registered with {@link ServiceLoader} in {@code loader}.
     *
     * @throws ConfigException when two providers share a name or a name is unusable
     * @throws InternalException when a registered provider cannot be loaded
     */
    public static ProviderRegistry discover(ClassLoader loader) {
        List<TaskRunnerProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(TaskRunnerProvider.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new InternalException("a task runner provider on the class path cannot be loaded: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** A registry of exactly these providers (for embedding and tests). */
    public static ProviderRegistry of(Collection<? extends TaskRunnerProvider> providers) {
        Map<String, TaskRunnerProvider> byName = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (TaskRunnerProvider provider : providers) {
            String name = provider.name();
            if (name == null || !VALID_NAME.matcher(name).matches() || RESERVED.contains(name)) {
                problems.add(new Problem("provider " + describe(provider), "unusable name '" + name
                        + "': a provider name is its config key, so it must be 1-32 lower case letters, digits,"
                        + " '-' or '_', start with a letter, and not be one of " + RESERVED));
                continue;
            }
            TaskRunnerProvider existing = byName.putIfAbsent(name, provider);
            if (existing != null) {
                problems.add(new Problem("provider '" + name + "'", "two providers have this name: "
                        + describe(existing) + " and " + describe(provider)
                        + " — remove one of the jars from the class path"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("the providers on the class path", problems);
        }
        return new ProviderRegistry(byName);
    }

    /** Every provider, ordered by name. */
    public List<TaskRunnerProvider> providers() {
        return List.copyOf(byName.values());
    }

    /** Every provider's name, in order. */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The provider with this name, if there is one. */
    public Optional<TaskRunnerProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The provider with this name.
     *
     * @throws ConfigException naming the known providers when there is none
     */
    public TaskRunnerProvider get(String name) {
        TaskRunnerProvider provider = byName.get(name);
        if (provider == null) {
            throw new ConfigException(new Problem("provider '" + name + "'", "unknown provider — known providers: "
                    + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet()))),
                    "put the provider's jar on the class path, or fix the name");
        }
        return provider;
    }

    private static String describe(TaskRunnerProvider provider) {
        Class<?> type = provider.getClass();
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return type.getName() + " (" + (location == null ? "unknown location" : location) + ")";
    }
}
