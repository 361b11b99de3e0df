package dev.benchfleet.provider.local.docker;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A docker command did not do what was asked. Carries what a user needs to act on it: the command line
 * (never with environment values; anything equal to a secret is masked), the exit code if the client
 * exited, and the engine's / client's stderr text.
 */
public final class DockerException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_STDERR_IN_MESSAGE = 2_000;

    /** Why the command failed. */
    public enum Reason {
        /** The docker binary could not be started (not installed, not executable). */
        NOT_STARTED,
        /** The client exited with a non-zero code. */
        FAILED,
        /** The command did not finish within its timeout and was killed. */
        TIMED_OUT,
        /** The calling thread was interrupted; the command was killed. */
        INTERRUPTED,
        /** The client exited with 0 but printed something this code cannot read. */
        BAD_OUTPUT
    }

    private final Reason reason;
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    /**
     * @param reason   why it failed
     * @param command  masked command line, binary first
     * @param exitCode client exit code, or -1 when it did not exit by itself
     * @param stderr   masked stderr text (may be empty)
     * @param detail   short explanation added to the message
     * @param cause    underlying exception or null
     */
    DockerException(Reason reason, List<String> command, int exitCode, String stderr, String detail,
                    Throwable cause) {
        super(message(reason, command, exitCode, stderr, detail), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = Objects.requireNonNullElse(stderr, "");
    }

    /** @return why the command failed */
    public Reason reason() {
        return reason;
    }

    /** @return the command line, binary first, with secrets masked */
    public List<String> command() {
        return command;
    }

    /** @return the client's exit code; empty when it was killed or never started */
    public OptionalInt exitCode() {
        return exitCode >= 0 ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /** @return the stderr text of the client (engine errors are relayed there), secrets masked */
    public String stderr() {
        return stderr;
    }

    private static String message(Reason reason, List<String> command, int exitCode, String stderr,
                                  String detail) {
        StringBuilder sb = new StringBuilder("`").append(String.join(" ", command)).append("` ");
        switch (reason) {
            case NOT_STARTED -> sb.append("could not be started");
            case FAILED -> sb.append("failed with exit code ").append(exitCode);
            case TIMED_OUT -> sb.append("timed out and was killed");
            case INTERRUPTED -> sb.append("was interrupted and killed");
            case BAD_OUTPUT -> sb.append("printed output that could not be read");
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(" (").append(detail).append(')');
        }
        String err = stderr == null ? "" : stderr.strip();
        if (!err.isEmpty()) {
            if (err.length() > MAX_STDERR_IN_MESSAGE) {
                err = err.substring(0, MAX_STDERR_IN_MESSAGE) + " [...]";
            }
            sb.append(": ").append(err);
        }
        return sb.toString();
    }
}
