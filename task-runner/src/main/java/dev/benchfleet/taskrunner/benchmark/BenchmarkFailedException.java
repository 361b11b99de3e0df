package dev.benchfleet.taskrunner.benchmark;

/** The benchmark did not produce results; {@code details} holds its last output lines (may be empty). */
public final class BenchmarkFailedException extends Exception {

    private final String details;

    public BenchmarkFailedException(String message, String details) {
        super(message);
        this.details = details == null ? "" : details;
    }

    public BenchmarkFailedException(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details == null ? "" : details;
    }

    public String details() {
        return details;
    }
}
