package dev.benchfleet.orchestrator.runs;

/**
 * A request the orchestrator refuses, with the protocol's reason. The message goes to the client
 * verbatim, so it names what was wrong and never echoes secrets.
 */
public final class OrchestratorException extends RuntimeException {

    /** Why a request was refused; the HTTP layer maps each to its status code. */
    public enum Kind {
        BAD_REQUEST(400), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), UNPROCESSABLE(422);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public OrchestratorException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static OrchestratorException badRequest(String message) {
        return new OrchestratorException(Kind.BAD_REQUEST, message);
    }

    public static OrchestratorException notFound(String message) {
        return new OrchestratorException(Kind.NOT_FOUND, message);
    }
}
