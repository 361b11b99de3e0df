package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.StartedResource;

import java.util.List;

/** A way to run task runners on this machine: containers or plain processes. */
interface LocalRuntime {

    /** A short name for messages ({@code docker}, {@code process}). */
    String name();

    /** Starts every runner; on failure, what was started stays for {@link #stop}. */
    List<StartedResource> start(ProviderContext context, List<RunnerSpec> runners);

    /** The command a person runs to remove the runners by hand (when Benchfleet was told to keep them). */
    String teardownHint(ProviderContext context, List<StartedResource> started);

    /** Stops and removes every runner of the run; idempotent. */
    void stop(ProviderContext context);
}
