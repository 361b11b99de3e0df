package dev.benchfleet.provider.azure.arm;

import dev.benchfleet.core.spi.Secret;

/** Bearer tokens for Azure Resource Manager. {@link IdentityArmTokens} is the real one. */
@FunctionalInterface
public interface ArmTokens {

    /** A token valid for {@code https://management.azure.com}; throws {@link ArmException} when none can be had. */
    Secret token();
}
