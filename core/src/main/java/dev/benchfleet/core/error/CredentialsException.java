package dev.benchfleet.core.error;

/** A credential is missing, malformed or refused. The message names the variable, never its value. */
public final class CredentialsException extends BenchfleetException {

    public CredentialsException(String message, String fix) {
        super(message, fix, null);
    }

    public CredentialsException(String message, String fix, Throwable cause) {
        super(message, fix, cause);
    }
}
