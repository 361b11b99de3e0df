package dev.benchfleet.core.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a provider gets to remove what it created for a run. Everything here can be rebuilt from the
 * run journal alone, so teardown works from a new process (`runner.jar nuke <run_id>`) as well as at
 * the end of the run that created it: providers must not rely on anything kept in memory.
 *
 * <p>An interface, so that later versions can add to it without breaking a provider compiled
 * against this one. Build one with {@link #builder}.
 */
public interface TeardownContext {

    /** The provider's name. */
    String provider();

    /** The run's id (18 digits). */
    String runId();

    /** This provider's own folder for the run ({@code .benchfleet/runs/<run_id>/<provider>/}). */
    Path workDir();

    /** What the provider recorded while it set up; it may also update it (e.g. after a partial destroy). */
    ProviderState state();

    /** Environment variables handed over by the embedding application (credentials, tool overrides). */
    Environment environment();

    /** Signalled when the user gives up waiting (a second Ctrl-C); stop as soon as it is safe. */
    CancellationToken cancellation();

    /** Where to report progress. */
    EventSink events();

    /** Reports progress at INFO level. */
    default void info(String message) {
        events().accept(new ProviderEvent(provider(), ProviderEvent.Level.INFO, message));
    }

    /** Reports a warning. */
    default void warn(String message) {
        events().accept(new ProviderEvent(provider(), ProviderEvent.Level.WARN, message));
    }

    /** A builder with an in-memory state, no environment, a fresh cancellation token and no events. */
    static Builder builder(String provider, String runId, Path workDir) {
        return new Builder(provider, runId, workDir);
    }

    /** Builds a {@link TeardownContext}. */
    final class Builder {
        private final String provider;
        private final String runId;
        private final Path workDir;
        private ProviderState state = ProviderState.inMemory();
        private Environment environment = Environment.empty();
        private CancellationToken cancellation = new CancellationToken();
        private EventSink events = EventSink.discard();

        private Builder(String provider, String runId, Path workDir) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.runId = Objects.requireNonNull(runId, "runId");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        public Builder state(ProviderState value) {
            this.state = Objects.requireNonNull(value);
            return this;
        }

        public Builder environment(Environment value) {
            this.environment = Objects.requireNonNull(value);
            return this;
        }

        public Builder cancellation(CancellationToken value) {
            this.cancellation = Objects.requireNonNull(value);
            return this;
        }

        public Builder events(EventSink value) {
            this.events = Objects.requireNonNull(value);
            return this;
        }

        public TeardownContext build() {
            return new Teardown(provider, runId, workDir, state, environment, cancellation, events);
        }
    }

    /** The plain implementation. */
    record Teardown(String provider, String runId, Path workDir, ProviderState state, Environment environment,
                    CancellationToken cancellation, EventSink events) implements TeardownContext {
    }
}
