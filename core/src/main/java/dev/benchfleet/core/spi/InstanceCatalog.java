package dev.benchfleet.core.spi;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a provider knows about its instance types: their vCPU counts. {@code core} ships no catalog of
 * its own; an entry's explicit {@code "vcpus"} in the config wins over any catalog.
 */
@FunctionalInterface
public interface InstanceCatalog {

    /** vCPUs of an instance type, or empty when the type is unknown. */
    OptionalInt vcpus(String instanceType);

    /** The instance types this catalog knows, for error messages; may be empty for open catalogs. */
    default SortedSet<String> knownTypes() {
        return new TreeSet<>();
    }

    /** A catalog that knows no type: every entry must carry {@code "vcpus"}. */
    static InstanceCatalog empty() {
        return type -> OptionalInt.empty();
    }

    /** The same vCPU count for every type, e.g. the CPUs of this machine. */
    static InstanceCatalog uniform(int vcpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, got " + vcpus);
        }
        return type -> OptionalInt.of(vcpus);
    }

    /** A fixed table of instance type to vCPUs. */
    static InstanceCatalog of(Map<String, Integer> vcpusByType) {
        Map<String, Integer> table = Map.copyOf(vcpusByType);
        return new InstanceCatalog() {
            @Override
            public OptionalInt vcpus(String instanceType) {
                Integer vcpus = table.get(instanceType);
                return vcpus == null ? OptionalInt.empty() : OptionalInt.of(vcpus);
            }

            @Override
            public SortedSet<String> knownTypes() {
                return new TreeSet<>(table.keySet());
            }

            @Override
            public String toString() {
                return "InstanceCatalog" + List.copyOf(knownTypes());
            }
        };
    }
}
