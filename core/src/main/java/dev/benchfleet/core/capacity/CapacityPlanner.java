package dev.benchfleet.core.capacity;

import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.InstanceCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedSet;

/**
 * The capacity math of the guide (step 3), per instance entry:
 * <pre>
 *   cap             = task_runners.count for the provider; default vcpu (cloud) or 1 (single host)
 *   effective_vcpu  = max(1, min(vcpu, cap))
 *   instances       = ceil(runs_per_instance_type / effective_vcpu)   (cloud; a single host has 1)
 * </pre>
 * With the original tool's later form, {@code per_instance_type: {"tasks": N, "instances": M}}, the
 * tasks are N and, on a cloud, the instances are M as given (runners per instance stay
 * {@code max(1, min(vcpu, cap))}, cap defaulting to vcpu); M × runners may then be more or fewer than
 * N — {@link EntryCapacity#rounds()} and {@link EntryCapacity#idleRunners()} say how it works out. On a
 * single host, as the original's local provider did, M is the number of runners per entry on this
 * machine, still at most its CPUs and the cap: {@code max(1, min(vcpu, M, cap))}.
 */
public final class CapacityPlanner {

    private static final int MAX_TYPES_LISTED = 12;

    /**
     * Plans one provider.
     *
     * @throws ConfigException listing every entry whose vCPU count is unknown
     */
    public ProviderCapacity plan(ProviderConfig config, InstanceCatalog catalog, CapacityModel model) {
        List<EntryCapacity> plans = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<InstanceEntry> entries = config.entries();
        for (int i = 0; i < entries.size(); i++) {
            InstanceEntry entry = entries.get(i);
            OptionalInt vcpus = entry.vcpus().isPresent() ? entry.vcpus() : catalog.vcpus(entry.instanceType());
            if (vcpus.isEmpty()) {
                problems.add(unknownType(config.provider() + "[" + i + "].instance_type", entry, catalog));
                continue;
            }
            if (vcpus.getAsInt() < 1) {
                throw new InternalException("the " + config.provider() + " instance catalog says '"
                        + entry.instanceType() + "' has " + vcpus.getAsInt() + " vCPUs; a catalog must answer ≥ 1");
            }
            plans.add(plan(entry, vcpus.getAsInt(), config.cap(), config.runsPerInstanceType(),
                    config.instancesPerEntry(), model));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("capacity of " + config.provider(), problems);
        }
        return new ProviderCapacity(config.provider(), plans);
    }

    /** Plans one entry whose vCPU count is known. */
    public static EntryCapacity plan(InstanceEntry entry, int vcpus, OptionalInt cap, int runs, CapacityModel model) {
        return plan(entry, vcpus, cap, runs, OptionalInt.empty(), model);
    }

    /**
     * Plans one entry whose vCPU count is known, with the instances fixed by
     * {@code per_instance_type.instances} when {@code fixedInstances} is present.
     */
    public static EntryCapacity plan(InstanceEntry entry, int vcpus, OptionalInt cap, int runs,
                                     OptionalInt fixedInstances, CapacityModel model) {
        int effective;
        int instances;
        if (model == CapacityModel.CLOUD) {
            effective = Math.max(1, Math.min(vcpus, cap.orElse(vcpus)));
            instances = fixedInstances.orElse(ceilDiv(runs, effective));
        } else {
            int wanted = fixedInstances.isPresent() ? Math.min(fixedInstances.getAsInt(), cap.orElse(Integer.MAX_VALUE))
                    : cap.orElse(1);
            effective = Math.max(1, Math.min(vcpus, wanted));
            instances = 1;
        }
        return new EntryCapacity(entry.alias(), entry.instanceType(), vcpus, effective, instances, runs, entry.spot());
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static Problem unknownType(String path, InstanceEntry entry, InstanceCatalog catalog) {
        SortedSet<String> known = catalog.knownTypes();
        String list = known.isEmpty() ? "" : " — known: " + String.join(", ", known.stream().limit(MAX_TYPES_LISTED).toList())
                + (known.size() > MAX_TYPES_LISTED ? ", … (" + known.size() + " in all)" : "");
        return new Problem(path, "unknown instance type '" + entry.instanceType() + "'" + list
                + "; or give the entry an explicit \"vcpus\": N");
    }
}
