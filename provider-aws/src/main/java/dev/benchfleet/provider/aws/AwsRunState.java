package dev.benchfleet.provider.aws;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;

/**
 * What the provider records in the run journal: enough for {@code nuke} in a new process to destroy the run's
 * Terraform state and sweep its region. Saved before the first apply starts (so a crash mid-apply still
 * leaves the folder and region), and again after it (the instance ids).
 *
 * @param runId          the run
 * @param region         where its resources are
 * @param terraformDir   the run's Terraform folder (module copy, var file, state)
 * @param networkDir     the region's shared network folder (kept across runs; never destroyed by a run's teardown)
 * @param phase          {@link Phase}
 * @param instanceIds    instances the apply reported
 * @param left           what the last teardown could not remove ({@code kind id}), for {@code remaining}
 * @param machines       each instance with its alias and when Terraform started creating it (instance-hours)
 * @param tornDownAt     when the last teardown finished (ISO-8601), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AwsRunState(@JsonProperty("run_id") String runId, @JsonProperty("region") String region,
                   @JsonProperty("terraform_dir") String terraformDir, @JsonProperty("network_dir") String networkDir,
                   @JsonProperty("phase") Phase phase, @JsonProperty("instance_ids") List<String> instanceIds,
                   @JsonProperty("left") List<String> left, @JsonProperty("machines") List<Machine> machines,
                   @JsonProperty("torn_down_at") String tornDownAt) {

    /**
     * One instance of the run.
     *
     * @param alias     its config entry
     * @param id        {@code i-…}
     * @param key       its Terraform key, {@code <alias>-<i>}
     * @param createdAt when Terraform started creating it, ISO-8601 (billing starts a little later: an upper bound)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Machine(@JsonProperty("alias") String alias, @JsonProperty("id") String id, @JsonProperty("key") String key,
                   @JsonProperty("created_at") String createdAt) {

        Machine(String alias, String id, String key, Instant createdAt) {
            this(alias, id, key, createdAt.toString());
        }

        Instant created() {
            return Instant.parse(createdAt);
        }
    }

    AwsRunState(String runId, String region, String terraformDir, String networkDir, Phase phase, List<String> instanceIds,
                List<String> left) {
        this(runId, region, terraformDir, networkDir, phase, instanceIds, left, List.of(), null);
    }

    /** Where the run's resources are in their life. */
    enum Phase {
        /** Apply started: resources may exist, the state folder says which. */
        APPLYING,
        /** Apply finished: the instances are known. */
        APPLIED,
        /** Destroy and sweep ran; {@code left} says whether anything survived. */
        DESTROYED
    }

    AwsRunState {
        instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
        left = left == null ? List.of() : List.copyOf(left);
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    AwsRunState with(Phase newPhase, List<String> newInstanceIds, List<String> newLeft) {
        return new AwsRunState(runId, region, terraformDir, networkDir, newPhase, newInstanceIds, newLeft, machines,
                tornDownAt);
    }

    AwsRunState withMachines(List<Machine> newMachines) {
        return new AwsRunState(runId, region, terraformDir, networkDir, phase, instanceIds, left, newMachines, tornDownAt);
    }

    AwsRunState tornDownAt(Instant at) {
        return new AwsRunState(runId, region, terraformDir, networkDir, phase, instanceIds, left, machines, at.toString());
    }

    JsonNode toJson(ObjectMapper mapper) {
        return mapper.valueToTree(this);
    }

    static AwsRunState fromJson(ObjectMapper mapper, JsonNode json) {
        try {
            return mapper.treeToValue(json, AwsRunState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.benchfleet.core.error.InternalException("the aws state in the run journal is damaged: "
                    + e.getOriginalMessage(), e);
        }
    }
}
