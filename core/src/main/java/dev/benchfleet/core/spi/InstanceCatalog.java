package dev.benchfleet.core.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a provider knows about its instance types: their vCPU counts and, where known, architecture,
 * threads per core, memory and an on-demand price ({@link #info}). {@code core} ships no catalog of
 * its own; an entry's explicit {@code "vcpus"} / {@code "arch"} in the config wins over any catalog.
 *
 * <p>A catalog that only implements {@link #vcpus} keeps working: {@link #info} then knows the vCPUs
 * and nothing else (no price, so {@code plan} says the cost is unknown).
 */
@FunctionalInterface
public interface InstanceCatalog {

    /** vCPUs of an instance type, or empty when the type is unknown. */
    OptionalInt vcpus(String instanceType);

    /**
     * Everything this catalog knows about a type, or empty when the type is unknown. The default
     * knows only {@link #vcpus}; catalogs with more facts override it.
     */
    default Optional<InstanceTypeInfo> info(String instanceType) {
        OptionalInt vcpus = vcpus(instanceType);
        return vcpus.isPresent() && vcpus.getAsInt() >= 1
                ? Optional.of(InstanceTypeInfo.ofVcpus(instanceType, vcpus.getAsInt()))
                : Optional.empty();
    }

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

    /** The same vCPUs and architecture for every type (this machine); no price: it costs nothing extra. */
    static InstanceCatalog uniform(int vcpus, Architecture architecture) {
        InstanceCatalog counts = uniform(vcpus);
        return new InstanceCatalog() {
            @Override
            public OptionalInt vcpus(String instanceType) {
                return counts.vcpus(instanceType);
            }

            @Override
            public Optional<InstanceTypeInfo> info(String instanceType) {
                return Optional.of(new InstanceTypeInfo(instanceType, vcpus, architecture, 0, null, null));
            }
        };
    }

    /** A fixed table of instance type to vCPUs. */
    static InstanceCatalog of(Map<String, Integer> vcpusByType) {
        List<InstanceTypeInfo> types = vcpusByType.entrySet().stream()
                .map(e -> InstanceTypeInfo.ofVcpus(e.getKey(), e.getValue()))
                .toList();
        return ofTypes(types);
    }

    /** A fixed table of instance types with everything known about them (a bundled catalog). */
    static InstanceCatalog ofTypes(Collection<InstanceTypeInfo> types) {
        Map<String, InstanceTypeInfo> table = new LinkedHashMap<>();
        for (InstanceTypeInfo type : types) {
            if (table.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("instance type '" + type.name() + "' is listed twice");
            }
        }
        return new InstanceCatalog() {
            @Override
            public OptionalInt vcpus(String instanceType) {
                InstanceTypeInfo type = table.get(instanceType);
                return type == null ? OptionalInt.empty() : OptionalInt.of(type.vcpus());
            }

            @Override
            public Optional<InstanceTypeInfo> info(String instanceType) {
                return Optional.ofNullable(table.get(instanceType));
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
