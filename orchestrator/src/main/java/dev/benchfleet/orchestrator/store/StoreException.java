package dev.benchfleet.orchestrator.store;

/** The database failed; carries the SQL cause for the log, never user input. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
