package dev.benchfleet.core.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One instance entry of a provider array: {@code {"instance_type": "c7g.medium", "alias": "c7g"}},
 * optionally with {@code "vcpus": N}, which wins over the provider's catalog.
 */
public final class InstanceEntry {

    private final String instanceType;
    private final String alias;
    private final int vcpus; // 0 = not given

    private InstanceEntry(String instanceType, String alias, int vcpus) {
        this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.vcpus = vcpus;
    }

    /** An entry without an explicit vCPU count. */
    public static InstanceEntry of(String instanceType, String alias) {
        return new InstanceEntry(instanceType, alias, 0);
    }

    /** An entry with an explicit vCPU count (≥ 1). */
    public static InstanceEntry withVcpus(String instanceType, String alias, int vcpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, got " + vcpus);
        }
        return new InstanceEntry(instanceType, alias, vcpus);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceEntry other && other.instanceType.equals(instanceType)
                && other.alias.equals(alias) && other.vcpus == vcpus;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceType, alias, vcpus);
    }

    @Override
    public String toString() {
        return "{instance_type=" + instanceType + ", alias=" + alias + (vcpus == 0 ? "" : ", vcpus=" + vcpus) + "}";
    }
}
