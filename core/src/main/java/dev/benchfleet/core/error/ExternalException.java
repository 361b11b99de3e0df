package dev.benchfleet.core.error;

/** Something outside Benchfleet failed: a cloud API, a CLI such as Terraform or Docker, the orchestrator. */
public final class ExternalException extends BenchfleetException {

    public ExternalException(String message) {
        super(message, null, null);
    }

    public ExternalException(String message, String fix) {
        super(message, fix, null);
    }

    public ExternalException(String message, String fix, Throwable cause) {
        super(message, fix, cause);
    }
}
