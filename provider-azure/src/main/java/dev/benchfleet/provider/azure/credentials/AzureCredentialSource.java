package dev.benchfleet.provider.azure.credentials;

import java.nio.file.Path;

/**
 * Where the Azure credentials of a run come from, as far as can be told without calling Azure. Terraform's
 * azurerm provider reads the same {@code ARM_*} variables (or the same {@code az} session), and so do the
 * provider's own ARM calls (see {@code arm.ArmTokens}).
 */
public sealed interface AzureCredentialSource {

    /** One line for {@code describe}, never a secret. */
    String describe();

    /** A service principal with a client secret: {@code ARM_TENANT_ID}, {@code ARM_CLIENT_ID}, {@code ARM_CLIENT_SECRET}. */
    record ClientSecret(String tenantId, String clientId) implements AzureCredentialSource {
        @Override
        public String describe() {
            return "credentials: service principal " + clientId + " (ARM_CLIENT_ID / ARM_CLIENT_SECRET, tenant " + tenantId + ")";
        }
    }

    /** A service principal with a certificate: {@code ARM_CLIENT_CERTIFICATE_PATH} (+ {@code ARM_CLIENT_CERTIFICATE_PASSWORD}). */
    record ClientCertificate(String tenantId, String clientId, Path certificate) implements AzureCredentialSource {
        @Override
        public String describe() {
            return "credentials: service principal " + clientId + " with certificate " + certificate + " (tenant " + tenantId + ")";
        }
    }

    /** An {@code az login} session in the Azure CLI's folder ({@code AZURE_CONFIG_DIR} or {@code ~/.azure}). */
    record CliSession(Path configDir) implements AzureCredentialSource {
        @Override
        public String describe() {
            return "credentials: the az login session in " + configDir;
        }
    }
}
