package dev.benchfleet.core.flow;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link MasterFlow} run is asked to do. Everything the engine needs from the outside world
 * arrives here: the engine never reads the environment or the command line itself.
 */
public final class FlowOptions {

    private final Path configFile;
    private final RunFlags flags;
    private final Secret apiKey;
    private final Environment environment;
    private final URI existingOrchestratorUrl;
    private final EmbeddedOrchestrator embeddedOrchestrator;
    private final Path baseDir;
    private final Duration orchestratorReadyTimeout;
    private final Duration setupTimeout;
    private final Duration runTimeout;
    private final Duration pollInterval;
    private final boolean keepInfrastructure;
    private final CancellationToken cancellation;

    private FlowOptions(Builder b) {
        this.configFile = Objects.requireNonNull(b.configFile, "configFile");
        this.flags = b.flags;
        this.apiKey = b.apiKey;
        this.environment = b.environment;
        this.existingOrchestratorUrl = b.existingOrchestratorUrl;
        this.embeddedOrchestrator = b.embeddedOrchestrator;
        this.baseDir = b.baseDir;
        this.orchestratorReadyTimeout = b.orchestratorReadyTimeout;
        this.setupTimeout = b.setupTimeout;
        this.runTimeout = b.runTimeout;
        this.pollInterval = b.pollInterval;
        this.keepInfrastructure = b.keepInfrastructure;
        this.cancellation = b.cancellation;
    }

    public static Builder builder(Path configFile) {
        return new Builder(configFile);
    }

    /** The run config file. */
    public Path configFile() {
        return configFile;
    }

    /** Switches from the command line; each one that is on wins over the file. */
    public RunFlags flags() {
        return flags;
    }

    /** The API key from the command line; wins over the file's {@code api_key}. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Environment handed to providers (credentials, tool overrides). */
    public Environment environment() {
        return environment;
    }

    /** With {@code skip_infra}: the orchestrator to use ({@code BENCHMARK_ORCHESTRATOR_URL}). */
    public Optional<URI> existingOrchestratorUrl() {
        return Optional.ofNullable(existingOrchestratorUrl);
    }

    /** With {@code local_orchestrator}: how to start one on this machine. */
    public Optional<EmbeddedOrchestrator> embeddedOrchestrator() {
        return Optional.ofNullable(embeddedOrchestrator);
    }

    /** Where {@code results/}, {@code status/} and the run's working folders go. */
    public Path baseDir() {
        return baseDir;
    }

    public Duration orchestratorReadyTimeout() {
        return orchestratorReadyTimeout;
    }

    public Duration setupTimeout() {
        return setupTimeout;
    }

    public Duration runTimeout() {
        return runTimeout;
    }

    /** How often the run's state is read while monitoring. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Leave what providers started running after the run (debugging); it is listed with its teardown command. */
    public boolean keepInfrastructure() {
        return keepInfrastructure;
    }

    /** Signalled on Ctrl-C: the run is stopped, and what this run started is torn down. */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** Builds {@link FlowOptions}; defaults suit a run on this machine. */
    public static final class Builder {
        private final Path configFile;
        private RunFlags flags = RunFlags.defaults();
        private Secret apiKey;
        private Environment environment = Environment.empty();
        private URI existingOrchestratorUrl;
        private EmbeddedOrchestrator embeddedOrchestrator;
        private Path baseDir = Path.of("");
        private Duration orchestratorReadyTimeout = Duration.ofMinutes(5);
        private Duration setupTimeout = Duration.ofMinutes(45);
        private Duration runTimeout = Duration.ofHours(12);
        private Duration pollInterval = Duration.ofMillis(500);
        private boolean keepInfrastructure;
        private CancellationToken cancellation = new CancellationToken();

        private Builder(Path configFile) {
            this.configFile = configFile;
        }

        public Builder flags(RunFlags value) {
            this.flags = Objects.requireNonNull(value);
            return this;
        }

        public Builder apiKey(Secret value) {
            this.apiKey = value;
            return this;
        }

        public Builder environment(Environment value) {
            this.environment = Objects.requireNonNull(value);
            return this;
        }

        public Builder existingOrchestratorUrl(URI value) {
            this.existingOrchestratorUrl = value;
            return this;
        }

        public Builder embeddedOrchestrator(EmbeddedOrchestrator value) {
            this.embeddedOrchestrator = value;
            return this;
        }

        public Builder baseDir(Path value) {
            this.baseDir = Objects.requireNonNull(value);
            return this;
        }

        public Builder orchestratorReadyTimeout(Duration value) {
            this.orchestratorReadyTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder setupTimeout(Duration value) {
            this.setupTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder runTimeout(Duration value) {
            this.runTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value);
            return this;
        }

        public Builder keepInfrastructure(boolean value) {
            this.keepInfrastructure = value;
            return this;
        }

        public Builder cancellation(CancellationToken value) {
            this.cancellation = Objects.requireNonNull(value);
            return this;
        }

        public FlowOptions build() {
            return new FlowOptions(this);
        }
    }
}
