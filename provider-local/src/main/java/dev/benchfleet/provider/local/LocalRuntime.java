package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.StartedResource;

import java.util.List;

/**
 * A way to start task runners on this machine: containers or plain processes. Starting records each
 * runner in the provider's journal state as soon as it runs ({@link RunnerRecord}); stopping works from
 * that record alone (see {@link LocalProvider#teardown}).
 */
interface LocalRuntime {

    /** A short name for messages and the state ({@code docker}, {@code process}). */
    String name();

    /** Starts every runner; on failure, what was started is already recorded for teardown. */
    List<StartedResource> start(ProviderContext context, List<RunnerSpec> runners);

    /** The command a person runs to remove the runners by hand (when Benchfleet was told to keep them). */
    String teardownHint(ProviderContext context, List<StartedResource> started);
}
