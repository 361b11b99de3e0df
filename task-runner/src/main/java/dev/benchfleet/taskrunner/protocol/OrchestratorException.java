package dev.benchfleet.taskrunner.protocol;

/**
 * A failed orchestrator call. The subtypes decide what the runner does next: retry
 * ({@link Unavailable}), stop at once ({@link Unauthorized}), or give up on this one call
 * ({@link Rejected}). Messages never contain the API key or an upload URL.
 */
public abstract sealed class OrchestratorException extends Exception
        permits OrchestratorException.Unavailable, OrchestratorException.Unauthorized,
        OrchestratorException.Untrusted, OrchestratorException.Rejected {

    private OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Connection refused, timeout, 5xx, 429, or an answer that is not the protocol: worth retrying. */
    public static final class Unavailable extends OrchestratorException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 401: the API key was not accepted. Retrying cannot help. */
    public static final class Unauthorized extends OrchestratorException {
        public Unauthorized(String message) {
            super(message, null);
        }
    }

    /** The orchestrator's TLS certificate is not the pinned one. Retrying cannot help, and nothing falls back. */
    public static final class Untrusted extends OrchestratorException {
        public Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Any other 4xx, e.g. 403 "Invalid runner_id" or 404 unknown run or task. */
    public static final class Rejected extends OrchestratorException {
        private final int statusCode;

        public Rejected(int statusCode, String message) {
            super(message, null);
            this.statusCode = statusCode;
        }

        public int statusCode() {
            return statusCode;
        }
    }
}
