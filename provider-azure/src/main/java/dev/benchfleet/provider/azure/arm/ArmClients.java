package dev.benchfleet.provider.azure.arm;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.azure.credentials.AzureCredentialSource;

/** Makes {@link ArmApi} clients; the provider takes one so tests can hand it fakes. */
@FunctionalInterface
public interface ArmClients {

    /** A client for one subscription with the given credentials. */
    ArmApi arm(String subscriptionId, AzureCredentialSource credentials, Environment environment);

    /** Real ARM (the public cloud), tokens from azure-identity. */
    static ArmClients standard() {
        return (subscriptionId, credentials, environment) -> new ArmRestClient(
                ArmRestClient.PUBLIC_CLOUD,
                subscriptionId, IdentityArmTokens.of(credentials, environment));
    }
}
