package dev.benchfleet.core.error;

/** A bug: in Benchfleet, or in a provider breaking its contract. */
public final class InternalException extends BenchfleetException {

    public InternalException(String message) {
        super(message, null, null);
    }

    public InternalException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
