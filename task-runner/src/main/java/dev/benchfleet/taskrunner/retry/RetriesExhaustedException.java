package dev.benchfleet.taskrunner.retry;

/** A call kept failing in a retryable way for the whole retry window. */
public final class RetriesExhaustedException extends Exception {

    public RetriesExhaustedException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
