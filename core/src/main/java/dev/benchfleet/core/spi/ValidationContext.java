package dev.benchfleet.core.spi;

import dev.benchfleet.core.config.ProviderConfig;

/**
 * What a provider may look at while validating, before anything exists: its slice of the config,
 * the run's flags and the environment (credentials). Validation must not create, start or
 * contact anything.
 *
 * @param config      this provider's slice of the run config
 * @param flags       the run's switches; cloud providers reject {@link RunFlags#localOrchestrator()}
 * @param environment environment variables the embedding application hands over
 */
public record ValidationContext(ProviderConfig config, RunFlags flags, Environment environment) {
}
