package dev.benchfleet.core.capacity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The capacity plan of one provider: per entry, and the maps its Terraform module takes.
 *
 * @param provider the provider's name
 * @param entries  one plan per instance entry, in config order
 */
public record ProviderCapacity(String provider, List<EntryCapacity> entries) {

    public ProviderCapacity {
        entries = List.copyOf(entries);
    }

    /** {@code vcpu_count}: containers per instance, keyed by alias. */
    public Map<String, Integer> vcpuCount() {
        return byAlias(EntryCapacity::runnersPerInstance);
    }

    /** {@code instance_count}: instances to start, keyed by alias. */
    public Map<String, Integer> instanceCount() {
        return byAlias(EntryCapacity::instances);
    }

    public int totalInstances() {
        return entries.stream().mapToInt(EntryCapacity::instances).sum();
    }

    public int totalContainers() {
        return entries.stream().mapToInt(EntryCapacity::containers).sum();
    }

    public int totalTasks() {
        return entries.stream().mapToInt(EntryCapacity::tasks).sum();
    }

    private Map<String, Integer> byAlias(ToIntFunction<EntryCapacity> value) {
        Map<String, Integer> map = new LinkedHashMap<>();
        entries.forEach(entry -> map.put(entry.alias(), value.applyAsInt(entry)));
        return java.util.Collections.unmodifiableMap(map);
    }
}
