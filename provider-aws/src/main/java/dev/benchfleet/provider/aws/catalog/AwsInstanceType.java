package dev.benchfleet.provider.aws.catalog;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the bundled EC2 catalog.
 *
 * @param name           the instance type, e.g. {@code c7g.medium}
 * @param vcpus          default vCPUs (what the runner count per instance is capped by)
 * @param architecture   CPU architecture (picks the AMI and the image's platform)
 * @param threadsPerCore 2 when two vCPUs share a physical core (pinning one runner per vCPU then pairs
 *                       benchmarks on a core), else 1
 * @param memoryGib      memory in GiB
 * @param onDemandUsdPerHour on-demand Linux price per hour in the catalog's reference region, or null when
 *                       no dated, factual source was available (never estimated)
 */
public record AwsInstanceType(String name, int vcpus, AwsArchitecture architecture, int threadsPerCore,
                              double memoryGib, BigDecimal onDemandUsdPerHour) {

    public AwsInstanceType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        if (!name.matches("[a-z][a-z0-9-]*\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("not an EC2 instance type name: '" + name + "'");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException(name + ": vcpus must be >= 1, got " + vcpus);
        }
        if (threadsPerCore != 1 && threadsPerCore != 2) {
            throw new IllegalArgumentException(name + ": threads_per_core must be 1 or 2, got " + threadsPerCore);
        }
        if (vcpus % threadsPerCore != 0) {
            throw new IllegalArgumentException(name + ": " + vcpus + " vCPUs cannot be split into cores of "
                    + threadsPerCore + " threads");
        }
        if (!(memoryGib > 0)) {
            throw new IllegalArgumentException(name + ": memory_gib must be > 0, got " + memoryGib);
        }
        if (onDemandUsdPerHour != null && onDemandUsdPerHour.signum() <= 0) {
            throw new IllegalArgumentException(name + ": on_demand_usd_per_hour must be > 0 or null, got "
                    + onDemandUsdPerHour);
        }
    }

    /** The family: the part before the dot ({@code c7g} of {@code c7g.medium}). */
    public String family() {
        return name.substring(0, name.indexOf('.'));
    }

    /** The size: the part after the dot ({@code medium}, {@code 9xlarge}, {@code metal-48xl}). */
    public String size() {
        return name.substring(name.indexOf('.') + 1);
    }

    /** Physical cores behind the vCPUs. */
    public int cores() {
        return vcpus / threadsPerCore;
    }

    /** The price when a dated source gave one. */
    public Optional<BigDecimal> onDemandPrice() {
        return Optional.ofNullable(onDemandUsdPerHour);
    }
}
