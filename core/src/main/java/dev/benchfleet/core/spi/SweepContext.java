package dev.benchfleet.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a provider gets for {@code nuke --all} ({@link TaskRunnerProvider#sweepAll}): no run, no journal — every
 * resource the provider's runs may have left in the places the user points at, shared ones included.
 *
 * <p>An interface, so that later versions can add to it without breaking a provider compiled against this one.
 * Build one with {@link #builder}.
 */
public interface SweepContext {

    /** The provider's name. */
    String provider();

    /** The folder {@code .benchfleet/} is under (long-lived provider state such as shared networks lives there). */
    Path baseDir();

    /**
     * The regions (or locations) the user named ({@code nuke --all --region R}, repeatable); empty means the
     * provider's configured default plus every region it finds in its local state.
     */
    List<String> regions();

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

    /** A builder: no regions named, no environment, a fresh cancellation token, no events. */
    static Builder builder(String provider, Path baseDir) {
        return new Builder(provider, baseDir);
    }

    /** Builds a {@link SweepContext}. */
    final class Builder {
        private final String provider;
        private final Path baseDir;
        private List<String> regions = List.of();
        private Environment environment = Environment.empty();
        private CancellationToken cancellation = new CancellationToken();
        private EventSink events = EventSink.discard();

        private Builder(String provider, Path baseDir) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        }

        public Builder regions(List<String> value) {
            this.regions = List.copyOf(value);
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

        public SweepContext build() {
            return new Sweep(provider, baseDir, regions, environment, cancellation, events);
        }
    }

    /** The plain implementation. */
    record Sweep(String provider, Path baseDir, List<String> regions, Environment environment,
                 CancellationToken cancellation, EventSink events) implements SweepContext {
    }
}
