package dev.benchfleet.core.spi;

import dev.benchfleet.core.config.ProviderConfig;

/**
 * What a provider may look at while validating, before anything exists: its slice of the config,
 * the run's flags and the environment (credentials). Validation must not create, start or
 * contact anything; {@link TaskRunnerProvider#preflight} is the step that may contact a cloud.
 *
 * <p>An interface, so that later versions can add to it without breaking a provider compiled
 * against this one.
 */
public interface ValidationContext {

    /** This provider's slice of the run config. */
    ProviderConfig config();

    /** The run's switches; cloud providers reject {@link RunFlags#localOrchestrator()}. */
    RunFlags flags();

    /** Environment variables the embedding application hands over. */
    Environment environment();

    /** This provider's own settings from the config ({@code "providers": {"<name>": {...}}}), checked against what it declares. */
    default ProviderSettings settings() {
        return config().settings();
    }

    /** A plain validation context. */
    static ValidationContext of(ProviderConfig config, RunFlags flags, Environment environment) {
        return new Plain(config, flags, environment);
    }

    /** The plain implementation. */
    record Plain(ProviderConfig config, RunFlags flags, Environment environment) implements ValidationContext {
    }
}
