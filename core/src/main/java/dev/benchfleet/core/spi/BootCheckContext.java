package dev.benchfleet.core.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider gets when some of its aliases' runners claimed no task within the boot deadline after its setup
 * finished ({@link TaskRunnerProvider#diagnoseBoot}): the run's teardown context (its state says which machines
 * exist), the silent aliases, and the run's log folder to save what the machines say into.
 */
public interface BootCheckContext extends TeardownContext {

    /** Aliases of this provider none of whose tasks was claimed. */
    Set<String> silentAliases();

    /** The run's log folder ({@code .benchfleet/runs/<run_id>/logs/}); providers write their files there. */
    Path logsDir();

    /** How long after the setup finished the runners stayed silent. */
    Duration waited();

    /** A context over a teardown context. */
    static BootCheckContext of(TeardownContext run, Set<String> silentAliases, Path logsDir, Duration waited) {
        return new Check(run, Set.copyOf(silentAliases), Objects.requireNonNull(logsDir), Objects.requireNonNull(waited));
    }

    /** The plain implementation. */
    record Check(TeardownContext run, Set<String> silentAliases, Path logsDir, Duration waited) implements BootCheckContext {

        @Override
        public String provider() {
            return run.provider();
        }

        @Override
        public String runId() {
            return run.runId();
        }

        @Override
        public Path workDir() {
            return run.workDir();
        }

        @Override
        public ProviderState state() {
            return run.state();
        }

        @Override
        public Environment environment() {
            return run.environment();
        }

        @Override
        public CancellationToken cancellation() {
            return run.cancellation();
        }

        @Override
        public EventSink events() {
            return run.events();
        }
    }
}
