package dev.benchfleet.core.host;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.error.Problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The orchestrator hosts on the class path, by name. */
public final class OrchestratorHostRegistry {

    private final Map<String, OrchestratorHost> byName;

    private OrchestratorHostRegistry(Map<String, OrchestratorHost> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Every {@link OrchestratorHost} registered with {@link ServiceLoader} in {@code loader}. */
    public static OrchestratorHostRegistry discover(ClassLoader loader) {
        List<OrchestratorHost> found = new ArrayList<>();
        try {
            ServiceLoader.load(OrchestratorHost.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new InternalException("an orchestrator host on the class path cannot be loaded: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** Exactly these hosts. */
    public static OrchestratorHostRegistry of(Collection<? extends OrchestratorHost> hosts) {
        Map<String, OrchestratorHost> byName = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (OrchestratorHost host : hosts) {
            OrchestratorHost existing = byName.putIfAbsent(host.name(), host);
            if (existing != null && existing.getClass() != host.getClass()) {
                problems.add(new Problem("orchestrator host '" + host.name() + "'", "two hosts have this name: "
                        + existing.getClass().getName() + " and " + host.getClass().getName()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("the orchestrator hosts on the class path", problems);
        }
        return new OrchestratorHostRegistry(byName);
    }

    public Optional<OrchestratorHost> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The hosts that put an orchestrator in a cloud ({@link OrchestratorHost#isCloud()}), by name. */
    public List<OrchestratorHost> cloudHosts() {
        return byName.values().stream().filter(OrchestratorHost::isCloud)
                .sorted(java.util.Comparator.comparing(OrchestratorHost::name)).toList();
    }

    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
