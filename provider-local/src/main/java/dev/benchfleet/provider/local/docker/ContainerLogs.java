package dev.benchfleet.provider.local.docker;

import java.util.Objects;

/**
 * The tail of a container's output, kept apart the way the container wrote it.
 *
 * @param stdout what the container wrote to standard output
 * @param stderr what the container wrote to standard error
 */
public record ContainerLogs(String stdout, String stderr) {

    /** Checks required fields. */
    public ContainerLogs {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
