package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code task} of an assigned claim.
 *
 * @param runNumber 1 when the orchestrator leaves it out
 * @param rubyVersion empty when the orchestrator leaves it out
 * @param benchmark the run config's {@code benchmark} object (which benchmarks, YJIT, the suite's repo and
 *                  ref, extra env), an extra field Benchfleet's orchestrator adds; {@code null} when absent
 *                  (the original's clients neither send nor read it)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AssignedTask(TaskId id, String provider, String instanceType, String instanceTypeAlias,
                           Integer runNumber, String rubyVersion,
                           @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode benchmark) {

    public AssignedTask(TaskId id, String provider, String instanceType, String instanceTypeAlias, Integer runNumber,
                        String rubyVersion) {
        this(id, provider, instanceType, instanceTypeAlias, runNumber, rubyVersion, null);
    }

    public AssignedTask {
        Wire.require(id, "task.id");
        Wire.require(provider, "task.provider");
        Wire.require(instanceType, "task.instance_type");
        runNumber = runNumber == null ? 1 : runNumber;
        rubyVersion = rubyVersion == null ? "" : rubyVersion;
        benchmark = benchmark == null || benchmark.isNull() || benchmark.isMissingNode() ? null : benchmark.deepCopy();
    }

    /** The alias, or the instance type when the run config gave none. */
    public String aliasOrType() {
        return instanceTypeAlias == null || instanceTypeAlias.isBlank() ? instanceType : instanceTypeAlias;
    }
}
