package dev.benchfleet.core.host;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link OrchestratorHost} gets to provide a run's orchestrator. An interface, so that later
 * versions can add to it without breaking a host compiled against this one.
 */
public interface HostContext {

    String runId();

    /** The host's own folder for this run (the embedded orchestrator keeps its data here). */
    Path workDir();

    /** The folder that holds {@code .benchfleet/} (long-lived hosts keep their state under it). */
    Path baseDir();

    /**
     * The settings of the config's {@code "providers": {"<name>": {...}}} object (a cloud host reads its keys
     * from its cloud's provider object); empty when the config has none.
     */
    ProviderSettings settings(String provider);

    /** {@code --upgrade-orchestrator}: a long-lived host may replace what it runs with this master's build. */
    boolean upgrade();

    /** The key the orchestrator must accept (given by the user, or generated for an orchestrator started here). */
    Secret apiKey();

    /** The URL the user asked for ({@code --orchestrator-url}, {@code BENCHMARK_ORCHESTRATOR_URL}), if any. */
    Optional<URI> requestedUrl();

    /** The certificate fingerprint the user gave with the URL, if any. */
    Optional<String> requestedCertSha256();

    RunFlags flags();

    Environment environment();

    /** The host's state in the run journal: e.g. the port, so that {@code resume} starts it on the same one. */
    ProviderState state();

    CancellationToken cancellation();

    EventSink events();

    /** A builder. */
    static Builder builder(String runId, Path workDir, Secret apiKey) {
        return new Builder(runId, workDir, apiKey);
    }

    /** Builds a {@link HostContext}. */
    final class Builder {
        private final String runId;
        private final Path workDir;
        private final Secret apiKey;
        private URI requestedUrl;
        private String requestedCertSha256;
        private Path baseDir;
        private Map<String, ProviderSettings> settings = Map.of();
        private boolean upgrade;
        private RunFlags flags = RunFlags.defaults();
        private Environment environment = Environment.empty();
        private ProviderState state = ProviderState.inMemory();
        private CancellationToken cancellation = new CancellationToken();
        private EventSink events = EventSink.discard();

        private Builder(String runId, Path workDir, Secret apiKey) {
            this.runId = Objects.requireNonNull(runId);
            this.workDir = Objects.requireNonNull(workDir);
            this.apiKey = Objects.requireNonNull(apiKey);
        }

        public Builder requestedUrl(URI value) {
            this.requestedUrl = value;
            return this;
        }

        public Builder baseDir(Path value) {
            this.baseDir = Objects.requireNonNull(value);
            return this;
        }

        /** Every provider's settings object by provider name. */
        public Builder settings(Map<String, ProviderSettings> value) {
            this.settings = Map.copyOf(value);
            return this;
        }

        public Builder upgrade(boolean value) {
            this.upgrade = value;
            return this;
        }

        public Builder requestedCertSha256(String value) {
            this.requestedCertSha256 = value;
            return this;
        }

        public Builder flags(RunFlags value) {
            this.flags = Objects.requireNonNull(value);
            return this;
        }

        public Builder environment(Environment value) {
            this.environment = Objects.requireNonNull(value);
            return this;
        }

        public Builder state(ProviderState value) {
            this.state = Objects.requireNonNull(value);
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

        public HostContext build() {
            return new Plain(runId, workDir, baseDir == null ? workDir : baseDir, settings, upgrade, apiKey,
                    Optional.ofNullable(requestedUrl), Optional.ofNullable(requestedCertSha256), flags, environment, state,
                    cancellation, events);
        }
    }

    /** The plain implementation. */
    record Plain(String runId, Path workDir, Path baseDir, Map<String, ProviderSettings> settingsByProvider,
                 boolean upgrade, Secret apiKey, Optional<URI> requestedUrl, Optional<String> requestedCertSha256,
                 RunFlags flags, Environment environment, ProviderState state, CancellationToken cancellation,
                 EventSink events) implements HostContext {

        @Override
        public ProviderSettings settings(String provider) {
            return settingsByProvider.getOrDefault(provider, ProviderSettings.empty(provider));
        }
    }
}
