package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /runs/{run_id}/tasks/claim}: the first three are required (the server answers 400
 * otherwise).
 *
 * @param claimId optional (ours only; others leave it out): the same value on every retry of one claim,
 *     so that a retry whose first answer was lost gets the task that first attempt claimed, instead of
 *     a second one while the first waits out the heartbeat timeout
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimRequest(String provider, String instanceType, String runnerId, String claimId) {

    /** A claim without a claim id, as the original's runners send it. */
    public ClaimRequest(String provider, String instanceType, String runnerId) {
        this(provider, instanceType, runnerId, null);
    }
}
