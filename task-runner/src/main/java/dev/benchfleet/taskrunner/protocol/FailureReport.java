package dev.benchfleet.taskrunner.protocol;

import dev.benchfleet.protocol.FailRequest;

/**
 * The body of {@code /fail}: why the task failed, and where its error archive is
 * ({@code errorKey} is null when that upload did not succeed).
 */
public record FailureReport(ErrorType errorType, String message, String errorKey, boolean debugMode) {

    /** The {@code error_type} values this runner sends. */
    public enum ErrorType {
        BENCHMARK_FAILED(FailRequest.BENCHMARK_FAILED),
        UPLOAD_FAILED(FailRequest.UPLOAD_FAILED);

        private final String wire;

        ErrorType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
