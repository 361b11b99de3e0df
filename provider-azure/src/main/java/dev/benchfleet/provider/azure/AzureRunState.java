package dev.benchfleet.provider.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;

/**
 * What the provider records in the run journal: enough for {@code nuke} in a new process to destroy the run's
 * Terraform state and delete its resource group. Saved before the apply starts and again after it.
 *
 * @param runId          the run
 * @param subscriptionId the subscription its resources are in
 * @param region         their region
 * @param resourceGroup  the run's resource group ({@code benchfleet-<run_id>})
 * @param terraformDir   the run's Terraform folder (module copy, var file, state, SSH key)
 * @param phase          {@link Phase}
 * @param vmIds          VMs the apply reported (ARM ids)
 * @param left           what the last teardown could not remove, for {@code remaining}
 * @param vms            each VM with its alias, name and when Terraform started creating it (instance-hours, serial logs)
 * @param tornDownAt     when the last teardown finished (ISO-8601), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AzureRunState(@JsonProperty("run_id") String runId, @JsonProperty("subscription_id") String subscriptionId,
                     @JsonProperty("region") String region, @JsonProperty("resource_group") String resourceGroup,
                     @JsonProperty("terraform_dir") String terraformDir, @JsonProperty("phase") Phase phase,
                     @JsonProperty("vm_ids") List<String> vmIds, @JsonProperty("left") List<String> left,
                     @JsonProperty("vms") List<Vm> vms, @JsonProperty("torn_down_at") String tornDownAt) {

    /**
     * One VM of the run.
     *
     * @param alias     its config entry
     * @param id        its ARM id
     * @param name      its name in the run's resource group ({@code <alias>-<i>}, the Terraform key)
     * @param createdAt when Terraform started creating it, ISO-8601 (billing starts a little later: an upper bound)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Vm(@JsonProperty("alias") String alias, @JsonProperty("id") String id, @JsonProperty("name") String name,
              @JsonProperty("created_at") String createdAt) {

        Instant created() {
            return Instant.parse(createdAt);
        }
    }

    AzureRunState(String runId, String subscriptionId, String region, String resourceGroup, String terraformDir,
                  Phase phase, List<String> vmIds, List<String> left) {
        this(runId, subscriptionId, region, resourceGroup, terraformDir, phase, vmIds, left, List.of(), null);
    }

    /** Where the run's resources are in their life. */
    enum Phase {
        /** Apply started: resources may exist. */
        APPLYING,
        /** Apply finished: the VMs are known. */
        APPLIED,
        /** Destroy and the resource-group sweep ran; {@code left} says whether anything survived. */
        DESTROYED
    }

    AzureRunState {
        vmIds = vmIds == null ? List.of() : List.copyOf(vmIds);
        left = left == null ? List.of() : List.copyOf(left);
        vms = vms == null ? List.of() : List.copyOf(vms);
    }

    AzureRunState with(Phase newPhase, List<String> newVmIds, List<String> newLeft) {
        return new AzureRunState(runId, subscriptionId, region, resourceGroup, terraformDir, newPhase, newVmIds, newLeft,
                vms, tornDownAt);
    }

    AzureRunState withVms(List<Vm> newVms) {
        return new AzureRunState(runId, subscriptionId, region, resourceGroup, terraformDir, phase, vmIds, left, newVms,
                tornDownAt);
    }

    AzureRunState tornDownAt(Instant at) {
        return new AzureRunState(runId, subscriptionId, region, resourceGroup, terraformDir, phase, vmIds, left, vms,
                at.toString());
    }

    JsonNode toJson(ObjectMapper mapper) {
        return mapper.valueToTree(this);
    }

    static AzureRunState fromJson(ObjectMapper mapper, JsonNode json) {
        try {
            return mapper.treeToValue(json, AzureRunState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.benchfleet.core.error.InternalException("the azure state in the run journal is damaged: "
                    + e.getOriginalMessage(), e);
        }
    }
}
