package dev.benchfleet.core.spi;

import java.util.List;

/**
 * What a provider's setup started.
 *
 * @param started        everything started, for the run's status file and the user
 * @param teardownHint   how a person removes it by hand if Benchfleet cannot (a command line), or
 *                       the empty string when tearing down is purely local
 */
public record SetupResult(List<StartedResource> started, String teardownHint) {

    public SetupResult {
        started = List.copyOf(started);
    }

    /** Setup that started the given resources and needs no hand-run teardown. */
    public static SetupResult of(List<StartedResource> started) {
        return new SetupResult(started, "");
    }
}
