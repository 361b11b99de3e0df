package dev.benchfleet.provider.azure.arm;

import java.util.List;

/**
 * The few Azure Resource Manager calls Benchfleet makes itself (Terraform makes the rest), for one subscription.
 * {@link ArmRestClient} is the real one; tests use in-memory fakes. Every call throws {@link ArmException} when
 * Azure refuses or cannot be reached.
 */
public interface ArmApi extends AutoCloseable {

    /** The subscription's display name and state ({@code GET /subscriptions/{id}}): proves the credentials work. */
    Subscription subscription();

    /** Resource groups carrying {@code tag=value}, with their provisioning state. */
    List<ResourceGroup> resourceGroupsTagged(String tag, String value);

    /** Whether the group exists ({@code HEAD}); a group being deleted still exists. */
    boolean resourceGroupExists(String name);

    /** Starts deleting a group and everything in it; a group that is already gone is not an error. */
    void beginDeleteResourceGroup(String name);

    /** VM sizes of a region with their capabilities (Resource SKUs, filtered by location). */
    List<VmSku> vmSkus(String region);

    /** Compute usages and limits of a region: {@code cores} and one entry per VM family. */
    List<Usage> usages(String region);

    /** The serial console log of a VM (boot diagnostics), empty text when the VM has none. */
    String serialLog(String resourceGroup, String vmName);

    @Override
    default void close() {
    }

    /** A subscription as ARM describes it. */
    record Subscription(String id, String displayName, String state) {
    }

    /** A resource group. */
    record ResourceGroup(String name, String location, String provisioningState) {
    }

    /**
     * One VM size of a region.
     *
     * @param name              e.g. {@code Standard_D2ps_v5}
     * @param family            its quota family, e.g. {@code standardDPSv5Family}
     * @param vcpus             vCPUs available to the VM ({@code vCPUsAvailable}, else {@code vCPUs})
     * @param quotaVcpus        vCPUs counted against quotas ({@code vCPUs}: a constrained-core size counts its parent's)
     * @param architecture      {@code x64} or {@code Arm64} ({@code CpuArchitectureType})
     * @param hyperVGenerations e.g. {@code V1,V2}
     * @param restricted        true when the subscription may not use it in this region
     */
    record VmSku(String name, String family, int vcpus, int quotaVcpus, String architecture, String hyperVGenerations, boolean restricted) {
    }

    /** A quota: {@code name} ({@code cores}, {@code standardDPSv5Family}), current use and limit. */
    record Usage(String name, String localizedName, long currentValue, long limit) {
    }
}
