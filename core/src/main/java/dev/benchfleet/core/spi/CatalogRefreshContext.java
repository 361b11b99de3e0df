package dev.benchfleet.core.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider gets for {@code catalog refresh <provider>} ({@link TaskRunnerProvider#refreshCatalog}): pull
 * current prices from the cloud's public price list into the user's price catalog, which {@code plan} reads.
 *
 * <p>An interface, so that later versions can add to it without breaking a provider compiled against this one.
 * Build one with {@link #builder}.
 */
public interface CatalogRefreshContext {

    /** The provider's name. */
    String provider();

    /** The region the user asked for ({@code --region}); empty: the provider's configured default. */
    Optional<String> region();

    /** Where to write ({@code --output}); empty: the user's price catalog, which {@code plan} reads. */
    Optional<Path> output();

    /** Environment variables handed over by the embedding application (HOME, region settings, mirrors). */
    Environment environment();

    /** Signalled on Ctrl-C; stop as soon as it is safe. */
    CancellationToken cancellation();

    /** Where to report progress. */
    EventSink events();

    /** Reports progress at INFO level. */
    default void info(String message) {
        events().accept(new ProviderEvent(provider(), ProviderEvent.Level.INFO, message));
    }

    /** A builder: no region, no output, no environment, a fresh cancellation token, no events. */
    static Builder builder(String provider) {
        return new Builder(provider);
    }

    /** Builds a {@link CatalogRefreshContext}. */
    final class Builder {
        private final String provider;
        private String region;
        private Path output;
        private Environment environment = Environment.empty();
        private CancellationToken cancellation = new CancellationToken();
        private EventSink events = EventSink.discard();

        private Builder(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder output(Path value) {
            this.output = value;
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

        public CatalogRefreshContext build() {
            return new Refresh(provider, Optional.ofNullable(region), Optional.ofNullable(output), environment,
                    cancellation, events);
        }
    }

    /** The plain implementation. */
    record Refresh(String provider, Optional<String> region, Optional<Path> output, Environment environment,
                   CancellationToken cancellation, EventSink events) implements CatalogRefreshContext {
    }
}
