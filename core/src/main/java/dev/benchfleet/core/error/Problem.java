package dev.benchfleet.core.error;

import java.util.Objects;

/**
 * One thing wrong with the user's input, and where it is.
 *
 * <p>{@code path} names the place a person has to look: a JSON path into the run config
 * ({@code aws[1].alias}), a flag ({@code --api-key}), or an environment variable
 * ({@code env AWS_ACCESS_KEY_ID}). {@code message} says what is wrong, in plain words, and the
 * fix when one is known.
 *
 * @param path    where the problem is; {@code $} for the config as a whole
 * @param message what is wrong
 */
public record Problem(String path, String message) {

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A problem with an environment variable, e.g. a missing credential. */
    public static Problem environment(String variable, String message) {
        return new Problem("env " + variable, message);
    }

    /** A problem with a command-line flag. */
    public static Problem flag(String flag, String message) {
        return new Problem(flag, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
