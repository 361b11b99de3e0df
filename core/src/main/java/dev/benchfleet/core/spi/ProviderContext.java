package dev.benchfleet.core.spi;

import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider may use to set up its task runners for one run. Providers never read global
 * state or exit the process; what they need comes from here. It is also a {@link TeardownContext}, and
 * {@link #state()} is where setup records what it creates, as it goes, so that the run can be torn down
 * from another process.
 *
 * <p>An interface, so that later versions can add to it without breaking a provider compiled
 * against this one. Build one with {@link #builder}.
 */
public interface ProviderContext extends TeardownContext {

    /** This provider's slice of the run config. */
    ProviderConfig config();

    /** Its capacity plan: vCPUs, runners per instance and instances per alias. */
    ProviderCapacity capacity();

    /** The run's switches (mock, debug...). */
    RunFlags flags();

    /** Where task runners reach the orchestrator. */
    URI orchestratorUrl();

    /** The SHA-256 of the orchestrator's TLS certificate (hex), when task runners must pin it. */
    default Optional<String> orchestratorCertSha256() {
        return Optional.empty();
    }

    /**
     * The orchestrator's TLS certificate in PEM, when the master knows it (cloud boot scripts write it
     * and fetch with {@code curl --cacert}); empty for plain HTTP or when only the pin is known.
     */
    default Optional<String> orchestratorCertPem() {
        return Optional.empty();
    }

    /**
     * The orchestrator's admin API key; its {@code toString} is masked. Task runners get
     * {@link #runnerToken()} instead: the admin key stays on the master and the orchestrator's host.
     */
    Secret apiKey();

    /**
     * What task runners present to the orchestrator as {@code API_KEY}: the run's runner token, accepted
     * only for this run's claims and task reports and only while the run runs (masked {@code toString}).
     * It is the admin key only where the orchestrator issues no runner tokens (one not built by Benchfleet).
     */
    default Secret runnerToken() {
        return apiKey();
    }

    /**
     * The SHA-256 (64 lower-case hex digits) of the master's own {@code task-runner.jar}, which it made
     * available at {@code /artifacts/task-runner/<sha256>.jar} on the orchestrator (runners on other
     * machines fetch exactly that build); empty when the master has no such jar or the orchestrator takes none.
     */
    default Optional<String> taskRunnerSha256() {
        return Optional.empty();
    }

    /** The benchmarked runtime's version, which selects the task runner image. */
    String rubyVersion();

    @Override
    default String provider() {
        return config().provider();
    }

    /** A builder; state defaults to in-memory, events to discard, cancellation to a fresh token. */
    static Builder builder(ProviderConfig config, ProviderCapacity capacity) {
        return new Builder(config, capacity);
    }

    /** Builds a {@link ProviderContext}. */
    final class Builder {
        private final ProviderConfig config;
        private final ProviderCapacity capacity;
        private RunFlags flags = RunFlags.defaults();
        private Environment environment = Environment.empty();
        private String runId;
        private URI orchestratorUrl;
        private String certSha256;
        private String certPem;
        private Secret apiKey;
        private Secret runnerToken;
        private String taskRunnerSha256;
        private String rubyVersion = "3.4.7";
        private Path workDir;
        private CancellationToken cancellation = new CancellationToken();
        private EventSink events = EventSink.discard();
        private ProviderState state = ProviderState.inMemory();

        private Builder(ProviderConfig config, ProviderCapacity capacity) {
            this.config = Objects.requireNonNull(config, "config");
            this.capacity = Objects.requireNonNull(capacity, "capacity");
        }

        public Builder flags(RunFlags value) {
            this.flags = Objects.requireNonNull(value);
            return this;
        }

        public Builder environment(Environment value) {
            this.environment = Objects.requireNonNull(value);
            return this;
        }

        public Builder runId(String value) {
            this.runId = value;
            return this;
        }

        public Builder orchestratorUrl(URI value) {
            this.orchestratorUrl = value;
            return this;
        }

        public Builder orchestratorCertSha256(String value) {
            this.certSha256 = value;
            return this;
        }

        public Builder orchestratorCertPem(String value) {
            this.certPem = value;
            return this;
        }

        public Builder apiKey(Secret value) {
            this.apiKey = value;
            return this;
        }

        /** The runners' credential; defaults to the admin key (an orchestrator that issues no runner tokens). */
        public Builder runnerToken(Secret value) {
            this.runnerToken = value;
            return this;
        }

        public Builder taskRunnerSha256(String value) {
            this.taskRunnerSha256 = value;
            return this;
        }

        public Builder rubyVersion(String value) {
            this.rubyVersion = Objects.requireNonNull(value);
            return this;
        }

        public Builder workDir(Path value) {
            this.workDir = value;
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

        public Builder state(ProviderState value) {
            this.state = Objects.requireNonNull(value);
            return this;
        }

        public ProviderContext build() {
            Objects.requireNonNull(apiKey, "apiKey");
            return new Setup(config, capacity, flags, environment, Objects.requireNonNull(runId, "runId"),
                    Objects.requireNonNull(orchestratorUrl, "orchestratorUrl"), Optional.ofNullable(certSha256),
                    Optional.ofNullable(certPem), apiKey, runnerToken == null ? apiKey : runnerToken,
                    Optional.ofNullable(taskRunnerSha256), rubyVersion, Objects.requireNonNull(workDir, "workDir"),
                    cancellation, events, state);
        }
    }

    /** The plain implementation. */
    record Setup(ProviderConfig config, ProviderCapacity capacity, RunFlags flags, Environment environment,
                 String runId, URI orchestratorUrl, Optional<String> orchestratorCertSha256,
                 Optional<String> orchestratorCertPem, Secret apiKey, Secret runnerToken,
                 Optional<String> taskRunnerSha256, String rubyVersion, Path workDir, CancellationToken cancellation,
                 EventSink events, ProviderState state) implements ProviderContext {

        @Override
        public String provider() {
            return config.provider();
        }
    }
}
