package dev.benchfleet.provider.local;

import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.capacity.ProviderCapacity;

import java.util.ArrayList;
import java.util.List;

/** Lays the runners of a capacity plan onto this machine's CPUs, one CPU each, in order. */
final class RunnerLayout {

    private RunnerLayout() {
    }

    /**
     * Every runner of the plan. CPUs are handed out in turn; when there are more runners than CPUs
     * (several entries on a small machine) they wrap around and share.
     */
    static List<RunnerSpec> layout(ProviderCapacity capacity, int cpus) {
        List<RunnerSpec> runners = new ArrayList<>();
        int next = 0;
        for (EntryCapacity entry : capacity.entries()) {
            for (int i = 1; i <= entry.containers(); i++) {
                runners.add(new RunnerSpec(entry.alias(), entry.instanceType(), i, next % cpus));
                next++;
            }
        }
        return runners;
    }
}
