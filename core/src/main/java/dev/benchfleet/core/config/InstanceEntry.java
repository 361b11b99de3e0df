package dev.benchfleet.core.config;

import dev.benchfleet.core.spi.Architecture;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One instance entry of a provider array: {@code {"instance_type": "c7g.medium", "alias": "c7g"}},
 * optionally with {@code "vcpus": N} and {@code "arch": "arm64"}, which win over the provider's catalog, and
 * {@code "spot": true}: a cloud provider then asks for spot (interruptible, cheaper) capacity for the entry.
 */
public final class InstanceEntry {

    private final String instanceType;
    private final String alias;
    private final int vcpus; // 0 = not given
    private final Architecture arch; // null = not given
    private final boolean spot;

    private InstanceEntry(String instanceType, String alias, int vcpus, Architecture arch) {
        this(instanceType, alias, vcpus, arch, false);
    }

    private InstanceEntry(String instanceType, String alias, int vcpus, Architecture arch, boolean spot) {
        this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.vcpus = vcpus;
        this.arch = arch;
        this.spot = spot;
    }

    /** An entry without an explicit vCPU count. */
    public static InstanceEntry of(String instanceType, String alias) {
        return new InstanceEntry(instanceType, alias, 0, null);
    }

    /** An entry with an explicit vCPU count (≥ 1). */
    public static InstanceEntry withVcpus(String instanceType, String alias, int vcpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, got " + vcpus);
        }
        return new InstanceEntry(instanceType, alias, vcpus, null);
    }

    /** A copy with an explicit architecture ({@code "arch"} in the config). */
    public InstanceEntry withArchitecture(Architecture architecture) {
        return new InstanceEntry(instanceType, alias, vcpus, Objects.requireNonNull(architecture, "architecture"), spot);
    }

    /** A copy that asks for spot capacity, or not ({@code "spot"} in the config; false when not given). */
    public InstanceEntry withSpot(boolean value) {
        return new InstanceEntry(instanceType, alias, vcpus, arch, value);
    }

    /** The provider's instance type name, e.g. {@code c7g.medium}. */
    public String instanceType() {
        return instanceType;
    }

    /** A short name, unique within the provider, safe as a file and resource name. */
    public String alias() {
        return alias;
    }

    /** The explicit vCPU count from the config, when given. */
    public OptionalInt vcpus() {
        return vcpus == 0 ? OptionalInt.empty() : OptionalInt.of(vcpus);
    }

    /** The explicit architecture from the config ({@code "arch"}), when given. */
    public Optional<Architecture> architecture() {
        return Optional.ofNullable(arch);
    }

    /** Whether the entry asks for spot capacity ({@code "spot": true}). */
    public boolean spot() {
        return spot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceEntry other && other.instanceType.equals(instanceType)
                && other.alias.equals(alias) && other.vcpus == vcpus && other.arch == arch && other.spot == spot;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceType, alias, vcpus, arch, spot);
    }

    @Override
    public String toString() {
        return "{instance_type=" + instanceType + ", alias=" + alias + (vcpus == 0 ? "" : ", vcpus=" + vcpus)
                + (arch == null ? "" : ", arch=" + arch) + (spot ? ", spot" : "") + "}";
    }
}
