package dev.benchfleet.core.error;

import java.util.Optional;

/**
 * Every error Benchfleet reports to a person. The subtype says whose move it is:
 * <ul>
 *   <li>{@link ConfigException} — the input (config file, flags, class path) is wrong; fix it and retry;</li>
 *   <li>{@link CredentialsException} — a cloud credential is missing or refused;</li>
 *   <li>{@link ExternalException} — a cloud, a CLI (Terraform, Docker) or the orchestrator failed;</li>
 *   <li>{@link InternalException} — a bug in Benchfleet or in a provider.</li>
 * </ul>
 * Messages never contain secrets.
 */
public abstract sealed class BenchfleetException extends RuntimeException
        permits ConfigException, CredentialsException, ExternalException, InternalException {

    private final String fix;

    protected BenchfleetException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    /** What the user can do about it, when known. */
    public Optional<String> fix() {
        return Optional.ofNullable(fix);
    }

    /** The message followed by the fix, as shown to a person. */
    public String describe() {
        return fix == null ? getMessage() : getMessage() + System.lineSeparator() + "Fix: " + fix;
    }
}
