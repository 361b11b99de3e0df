package dev.benchfleet.provider.local.docker;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits for docker client calls that take no explicit timeout.
 *
 * @param probe     for {@link DockerCli#probe()}: short, because "no engine" must be decided quickly
 * @param command   for quick commands (run, ps, inspect, logs, rm)
 * @param killGrace between SIGTERM and SIGKILL of a client that overran its timeout, and the bound of
 *                  each wait for it to be reaped
 */
public record DockerTimeouts(Duration probe, Duration command, Duration killGrace) {

    /** 5 s probe, 60 s per command, 5 s grace. */
    public static final DockerTimeouts DEFAULTS =
            new DockerTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5));

    /** Requires positive durations. */
    public DockerTimeouts {
        requirePositive(probe, "probe");
        requirePositive(command, "command");
        requirePositive(killGrace, "killGrace");
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
