package dev.benchfleet.core.spi;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a provider's catalog knows about one instance type. Only {@code vcpus} is required; every
 * other fact is {@code null} (or 0) when the catalog does not know it, and is then shown as unknown.
 *
 * @param name           the instance type, e.g. {@code c7g.medium}
 * @param vcpus          vCPUs of one instance, ≥ 1
 * @param architecture   CPU architecture, or {@code null} when unknown
 * @param threadsPerCore hardware threads per core (2 with SMT), or 0 when unknown
 * @param memoryGib      memory in GiB, or {@code null} when unknown
 * @param price          on-demand price per hour, or {@code null} when no dated source is known
 */
public record InstanceTypeInfo(String name, int vcpus, Architecture architecture, int threadsPerCore,
                               BigDecimal memoryGib, HourlyPrice price) {

    public InstanceTypeInfo {
        Objects.requireNonNull(name, "name");
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, got " + vcpus + " for " + name);
        }
        if (threadsPerCore < 0) {
            throw new IllegalArgumentException("threadsPerCore must be >= 0, got " + threadsPerCore);
        }
    }

    /** A type of which only the vCPU count is known. */
    public static InstanceTypeInfo ofVcpus(String name, int vcpus) {
        return new InstanceTypeInfo(name, vcpus, null, 0, null, null);
    }

    /** The architecture, when known. */
    public Optional<Architecture> knownArchitecture() {
        return Optional.ofNullable(architecture);
    }

    /** Threads per core, when known. */
    public OptionalInt knownThreadsPerCore() {
        return threadsPerCore == 0 ? OptionalInt.empty() : OptionalInt.of(threadsPerCore);
    }

    /** Memory in GiB, when known. */
    public Optional<BigDecimal> knownMemoryGib() {
        return Optional.ofNullable(memoryGib);
    }

    /** The on-demand price, when a dated source gives one. */
    public Optional<HourlyPrice> knownPrice() {
        return Optional.ofNullable(price);
    }

    /** A copy with another vCPU count (an entry's {@code "vcpus"} wins over the catalog). */
    public InstanceTypeInfo withVcpus(int newVcpus) {
        return new InstanceTypeInfo(name, newVcpus, architecture, threadsPerCore, memoryGib, price);
    }

    /** A copy with another architecture (an entry's {@code "arch"} wins over the catalog). */
    public InstanceTypeInfo withArchitecture(Architecture newArchitecture) {
        return new InstanceTypeInfo(name, vcpus, newArchitecture, threadsPerCore, memoryGib, price);
    }
}
