package dev.benchfleet.core.error;

import java.util.Objects;

/**
 * One thing wrong with the user's input, and where it is.
 *
 * <p>{@code path} names the place a person has to look: a JSON path into the run config
 * ({@code aws[1].alias}), a flag ({@code --api-key}), or an environment variable
 * ({@code env AWS_ACCESS_KEY_ID}). {@code message} says what is wrong, in plain words, and the
 * fix when one is known. {@code kind} says whether the problem is in the input itself or only in
 * what a run would need from this machine; {@code plan} shows the latter as warnings.
 *
 * @param path    where the problem is; {@code $} for the config as a whole
 * @param message what is wrong
 * @param kind    what sort of problem it is
 */
public record Problem(String path, String message, Kind kind) {

    /** What sort of problem: decides whether a preview ({@code plan}) can go on despite it. */
    public enum Kind {
        /** The config file or the flags are wrong: nothing can be planned or run. */
        INPUT,
        /** A credential (cloud key, orchestrator key) is missing or malformed: a run fails, a plan warns. */
        CREDENTIALS,
        /** Something a run needs from this machine is missing (a tool, a variable, an orchestrator): a plan warns. */
        ENVIRONMENT
    }

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(kind, "kind");
    }

    /** A problem with the input (config or flags). */
    public Problem(String path, String message) {
        this(path, message, Kind.INPUT);
    }

    /** A problem with an environment variable, e.g. a missing tool or setting. */
    public static Problem environment(String variable, String message) {
        return new Problem("env " + variable, message, Kind.ENVIRONMENT);
    }

    /** A missing or malformed credential, named by where it comes from ({@code env AWS_ACCESS_KEY_ID}, {@code -k}). */
    public static Problem credentials(String where, String message) {
        return new Problem(where, message, Kind.CREDENTIALS);
    }

    /** A problem with a command-line flag. */
    public static Problem flag(String flag, String message) {
        return new Problem(flag, message);
    }

    /** True for a problem only a run has (credentials, this machine's tools); false for bad input. */
    public boolean onlyBlocksARun() {
        return kind != Kind.INPUT;
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
