package dev.benchfleet.provider.azure.preflight;

import dev.benchfleet.core.spi.Architecture;

/**
 * One alias as the run plans it, for the pre-flight checks.
 *
 * @param path         the entry's JSON path ({@code azure[0]}), for problems
 * @param size         the VM size
 * @param vcpus        vCPUs the plan counts per VM (the entry's {@code "vcpus"} or the catalog's), 0 when unknown
 * @param architecture the architecture the plan builds for
 * @param instances    VMs of this alias
 * @param spot         Spot priority (counted against the low-priority quota)
 */
public record PlannedSize(String path, String size, int vcpus, Architecture architecture, int instances, boolean spot) {
}
