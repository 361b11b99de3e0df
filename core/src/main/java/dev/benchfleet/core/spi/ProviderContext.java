package dev.benchfleet.core.spi;

import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a provider may use to set up and tear down its task runners for one run. Providers
 * never read global state or exit the process; what they need comes from here.
 *
 * @param config          this provider's slice of the run config
 * @param capacity        its capacity plan: {@code vcpu_count} and {@code instance_count} per alias
 * @param flags           the run's switches (mock, debug...)
 * @param environment     environment variables handed over by the embedding application
 * @param runId           the run's id (18 digits)
 * @param orchestratorUrl where task runners reach the orchestrator
 * @param apiKey          the orchestrator API key; its {@code toString} is masked
 * @param rubyVersion     the benchmarked runtime's version, which selects the task runner image
 * @param workDir         a folder of this provider's own for this run (Terraform state, logs)
 * @param cancellation    signalled on Ctrl-C or when another part of the run fails
 * @param events          where to report progress
 */
public record ProviderContext(ProviderConfig config, ProviderCapacity capacity, RunFlags flags,
                              Environment environment, String runId, URI orchestratorUrl, Secret apiKey,
                              String rubyVersion, Path workDir, CancellationToken cancellation,
                              EventSink events) {

    public ProviderContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(orchestratorUrl, "orchestratorUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(rubyVersion, "rubyVersion");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(events, "events");
    }

    /** The provider's name. */
    public String provider() {
        return config.provider();
    }

    /** Reports progress at INFO level. */
    public void info(String message) {
        events.accept(new ProviderEvent(provider(), ProviderEvent.Level.INFO, message));
    }

    /** Reports a warning. */
    public void warn(String message) {
        events.accept(new ProviderEvent(provider(), ProviderEvent.Level.WARN, message));
    }
}
