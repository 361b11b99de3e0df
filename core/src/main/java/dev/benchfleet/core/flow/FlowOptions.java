package dev.benchfleet.core.flow;

import dev.benchfleet.core.host.OrchestratorHostRegistry;
import dev.benchfleet.core.plan.SpendApproval;
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
    private final URI orchestratorUrl;
    private final String orchestratorCertSha256;
    private final OrchestratorHostRegistry hosts;
    private final Path baseDir;
    private final Duration orchestratorReadyTimeout;
    private final Duration setupTimeout;
    private final Duration runTimeout;
    private final Duration noProgressTimeout;
    private final Duration bootTimeout;
    private final Duration pollInterval;
    private final boolean keepInfrastructure;
    private final boolean upgradeOrchestrator;
    private final CancellationToken cancellation;
    private final CancellationToken giveUp;
    private final boolean assumeYes;
    private final SpendApproval spendApproval;

    private FlowOptions(Builder b) {
        this.configFile = Objects.requireNonNull(b.configFile, "configFile");
        this.flags = b.flags;
        this.apiKey = b.apiKey;
        this.environment = b.environment;
        this.existingOrchestratorUrl = b.existingOrchestratorUrl;
        this.orchestratorUrl = b.orchestratorUrl;
        this.orchestratorCertSha256 = b.orchestratorCertSha256;
        this.hosts = b.hosts;
        this.baseDir = b.baseDir;
        this.orchestratorReadyTimeout = b.orchestratorReadyTimeout;
        this.setupTimeout = b.setupTimeout;
        this.runTimeout = b.runTimeout;
        this.noProgressTimeout = b.noProgressTimeout;
        this.bootTimeout = b.bootTimeout;
        this.pollInterval = b.pollInterval;
        this.keepInfrastructure = b.keepInfrastructure;
        this.upgradeOrchestrator = b.upgradeOrchestrator;
        this.cancellation = b.cancellation;
        this.giveUp = b.giveUp;
        this.assumeYes = b.assumeYes;
        this.spendApproval = b.spendApproval;
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

    /** {@code --orchestrator-url}: use this orchestrator, but still provision task runners. */
    public Optional<URI> orchestratorUrl() {
        return Optional.ofNullable(orchestratorUrl);
    }

    /** The SHA-256 of the given orchestrator's TLS certificate, which the client then pins. */
    public Optional<String> orchestratorCertSha256() {
        return Optional.ofNullable(orchestratorCertSha256);
    }

    /** The orchestrator hosts available ({@code embedded}, {@code existing}, ...). */
    public OrchestratorHostRegistry hosts() {
        return hosts;
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

    /** The overall deadline: a run not finished this long after it was created fails. */
    public Duration runTimeout() {
        return runTimeout;
    }

    /** A run where no task is claimed and no heartbeat arrives for this long fails (zero: never). */
    public Duration noProgressTimeout() {
        return noProgressTimeout;
    }

    /**
     * How long after a provider's setup finished its runners may claim nothing before the provider is asked to
     * save what its silent machines say (console output) into the run's logs; zero: never.
     */
    public Duration bootTimeout() {
        return bootTimeout;
    }

    /** How often the run's state is read while monitoring. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Leave what providers started running after the run (debugging); it is listed with its teardown command. */
    public boolean keepInfrastructure() {
        return keepInfrastructure;
    }

    /** {@code --upgrade-orchestrator}: a long-lived cloud orchestrator may be replaced with this master's build. */
    public boolean upgradeOrchestrator() {
        return upgradeOrchestrator;
    }

    /** Signalled on Ctrl-C: the run is stopped, and what this run started is torn down. */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** Signalled on a second Ctrl-C: teardowns stop where it is safe, and what is left is reported. */
    public CancellationToken giveUp() {
        return giveUp;
    }

    /** {@code --yes}: a run that costs money starts without asking (the spend limit still applies). */
    public boolean assumeYes() {
        return assumeYes;
    }

    /**
     * Who is asked before a run creates anything that costs money; empty when nobody can be asked
     * (no terminal): such a run is then refused unless {@link #assumeYes()} or {@code non_interactive}.
     */
    public Optional<SpendApproval> spendApproval() {
        return Optional.ofNullable(spendApproval);
    }

    /** Builds {@link FlowOptions}; defaults suit a run on this machine. */
    public static final class Builder {
        private final Path configFile;
        private RunFlags flags = RunFlags.defaults();
        private Secret apiKey;
        private Environment environment = Environment.empty();
        private URI existingOrchestratorUrl;
        private URI orchestratorUrl;
        private String orchestratorCertSha256;
        private OrchestratorHostRegistry hosts = OrchestratorHostRegistry.discover(FlowOptions.class.getClassLoader());
        private Path baseDir = Path.of("");
        private Duration orchestratorReadyTimeout = Duration.ofMinutes(5);
        private Duration setupTimeout = Duration.ofMinutes(45);
        private Duration runTimeout = Duration.ofHours(12);
        private Duration noProgressTimeout = Duration.ofMinutes(30);
        private Duration bootTimeout = Duration.ofMinutes(15);
        private Duration pollInterval = Duration.ofMillis(500);
        private boolean keepInfrastructure;
        private boolean upgradeOrchestrator;
        private CancellationToken cancellation = new CancellationToken();
        private CancellationToken giveUp = new CancellationToken();
        private boolean assumeYes;
        private SpendApproval spendApproval;

        private Builder(Path configFile) {
            this.configFile = configFile;
        }

        /** Copies every option of {@code other} except the config file. */
        public Builder from(FlowOptions other) {
            this.flags = other.flags;
            this.apiKey = other.apiKey;
            this.environment = other.environment;
            this.existingOrchestratorUrl = other.existingOrchestratorUrl;
            this.orchestratorUrl = other.orchestratorUrl;
            this.orchestratorCertSha256 = other.orchestratorCertSha256;
            this.hosts = other.hosts;
            this.baseDir = other.baseDir;
            this.orchestratorReadyTimeout = other.orchestratorReadyTimeout;
            this.setupTimeout = other.setupTimeout;
            this.runTimeout = other.runTimeout;
            this.noProgressTimeout = other.noProgressTimeout;
            this.bootTimeout = other.bootTimeout;
            this.pollInterval = other.pollInterval;
            this.keepInfrastructure = other.keepInfrastructure;
            this.upgradeOrchestrator = other.upgradeOrchestrator;
            this.cancellation = other.cancellation;
            this.giveUp = other.giveUp;
            return this;
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

        public Builder orchestratorUrl(URI value) {
            this.orchestratorUrl = value;
            return this;
        }

        public Builder orchestratorCertSha256(String value) {
            this.orchestratorCertSha256 = value;
            return this;
        }

        public Builder hosts(OrchestratorHostRegistry value) {
            this.hosts = Objects.requireNonNull(value);
            return this;
        }

        public Builder bootTimeout(Duration value) {
            this.bootTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder noProgressTimeout(Duration value) {
            this.noProgressTimeout = Objects.requireNonNull(value);
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

        public Builder upgradeOrchestrator(boolean value) {
            this.upgradeOrchestrator = value;
            return this;
        }

        public Builder cancellation(CancellationToken value) {
            this.cancellation = Objects.requireNonNull(value);
            return this;
        }

        public Builder giveUp(CancellationToken value) {
            this.giveUp = Objects.requireNonNull(value);
            return this;
        }

        /** {@code --yes}: do not ask before spending money. */
        public Builder assumeYes(boolean value) {
            this.assumeYes = value;
            return this;
        }

        /** Who to ask before spending money; {@code null} = nobody can be asked. */
        public Builder spendApproval(SpendApproval value) {
            this.spendApproval = value;
            return this;
        }

        public FlowOptions build() {
            return new FlowOptions(this);
        }
    }
}
