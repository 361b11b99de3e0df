package dev.benchfleet.core.capacity;

/**
 * The capacity plan of one instance entry (guide step 3).
 *
 * @param alias                the entry's alias
 * @param instanceType         the entry's instance type
 * @param vcpus                vCPUs of one instance of that type (explicit {@code vcpus} or the catalog)
 * @param runnersPerInstance   {@code effective_vcpu = max(1, min(vcpus, cap))}: task runner containers
 *                             per instance, each pinned to its own CPU ({@code vcpu_count[alias]})
 * @param instances            instances to start ({@code instance_count[alias]})
 * @param tasks                tasks of this entry ({@code runs_per_instance_type})
 * @param spot                 whether the entry's instances are spot instances ({@code "spot": true})
 */
public record EntryCapacity(String alias, String instanceType, int vcpus, int runnersPerInstance, int instances,
                            int tasks, boolean spot) {

    /** An on-demand entry's plan. */
    public EntryCapacity(String alias, String instanceType, int vcpus, int runnersPerInstance, int instances, int tasks) {
        this(alias, instanceType, vcpus, runnersPerInstance, instances, tasks, false);
    }

    /** Task runner containers of this entry, over all its instances. */
    public int containers() {
        return runnersPerInstance * instances;
    }

    /**
     * Tasks the busiest runner runs one after another: {@code ceil(tasks / containers)}. Runners claim
     * tasks as they free up, so when tasks take equally long every instance is up for this many task
     * lengths; when tasks do not divide evenly, some runners run one task fewer.
     */
    public int rounds() {
        return (tasks + containers() - 1) / containers();
    }

    /** Runners that get no task at all, because there are more runners than tasks. */
    public int idleRunners() {
        return Math.max(0, containers() - tasks);
    }
}
