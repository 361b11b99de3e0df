package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code 200} to {@code GET /runs/{id}/runner-token} (admin key only): the credential task runners of
 * that run present instead of the admin key ({@link RunnerTokens}). {@code toString} masks the token.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunnerTokenAnswer(String runId, String runnerToken) {

    public RunnerTokenAnswer {
        Wire.require(runId, "run_id");
        Wire.require(runnerToken, "runner_token");
    }

    @Override
    public String toString() {
        return "RunnerTokenAnswer[runId=" + runId + ", runnerToken=****]";
    }
}
