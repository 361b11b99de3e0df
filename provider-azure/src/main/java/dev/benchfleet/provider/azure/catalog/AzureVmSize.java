package dev.benchfleet.provider.azure.catalog;

import dev.benchfleet.core.spi.Architecture;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the bundled Azure VM size catalog.
 *
 * @param name               the size, e.g. {@code Standard_D2ps_v5}
 * @param vcpus              the vCPUs a VM of this size has (for constrained-core sizes the active ones)
 * @param architecture       CPU architecture (picks the Ubuntu image: arm64 or x64 Gen2)
 * @param threadsPerCore     2 when two vCPUs share a physical core, 1 when not, 0 when Azure does not say
 * @param memoryGib          memory in GiB
 * @param onDemandUsdPerHour Linux pay-as-you-go price per hour in the catalog's reference region, or null when
 *                           no dated, factual source was available (never estimated)
 */
public record AzureVmSize(String name, int vcpus, Architecture architecture, int threadsPerCore, double memoryGib,
                          BigDecimal onDemandUsdPerHour) {

    public AzureVmSize {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        if (!AzureSizeName.isSizeName(name)) {
            throw new IllegalArgumentException("not an Azure VM size name: '" + name + "'");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException(name + ": vcpus must be >= 1, got " + vcpus);
        }
        if (threadsPerCore < 0 || threadsPerCore > 2 || (threadsPerCore > 0 && vcpus % threadsPerCore != 0)) {
            throw new IllegalArgumentException(name + ": threads_per_core must be 0 (unknown), 1 or 2 and divide the "
                    + vcpus + " vCPUs, got " + threadsPerCore);
        }
        if (!(memoryGib > 0)) {
            throw new IllegalArgumentException(name + ": memory_gib must be > 0, got " + memoryGib);
        }
        if (onDemandUsdPerHour != null && onDemandUsdPerHour.signum() <= 0) {
            throw new IllegalArgumentException(name + ": on_demand_usd_per_hour must be > 0 or null, got "
                    + onDemandUsdPerHour);
        }
    }

    /** The price when a dated source gave one. */
    public Optional<BigDecimal> onDemandPrice() {
        return Optional.ofNullable(onDemandUsdPerHour);
    }
}
