package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /tasks/{id}/fail}: type and message are required; {@code s3ErrorKey} only when the error
 * archive was uploaded. The original runner always sends {@code s3_error_key} and {@code debug_mode}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailRequest(String runnerId, String errorType, String errorMessage, String s3ErrorKey,
                          Boolean debugMode) {

    /** The {@code error_type} values Benchfleet's runner and orchestrator use. */
    public static final String BENCHMARK_FAILED = "benchmark_failed";
    public static final String UPLOAD_FAILED = "upload_failed";
    /** Set by the orchestrator when a runner stopped sending heartbeats. */
    public static final String TIMEOUT = "timeout";
}
