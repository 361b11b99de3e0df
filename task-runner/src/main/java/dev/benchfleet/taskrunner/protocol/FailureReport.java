package dev.benchfleet.taskrunner.protocol;

/**
 * The body of {@code /fail}: why the task failed, and where its error archive is
 * ({@code errorKey} is null when that upload did not succeed).
 */
public record FailureReport(ErrorType errorType, String message, String errorKey, boolean debugMode) {

    /** The {@code error_type} values this runner sends. */
    public enum ErrorType {
        BENCHMARK_FAILED("benchmark_failed"),
        UPLOAD_FAILED("upload_failed");

        private final String wire;

        ErrorType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
