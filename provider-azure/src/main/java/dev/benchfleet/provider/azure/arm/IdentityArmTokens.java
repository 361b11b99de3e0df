package dev.benchfleet.provider.azure.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.provider.azure.credentials.AzureCredentialSource;

import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * ARM tokens from azure-identity, for exactly the credentials {@link dev.benchfleet.provider.azure.credentials.AzureAccount}
 * found: the {@code ARM_*} variables are mapped explicitly (the SDK's own defaults read {@code AZURE_*}, which
 * Terraform ignores), an az login session goes through {@code az account get-access-token}. A token is reused
 * until five minutes before it expires.
 */
public final class IdentityArmTokens implements ArmTokens {

    private static final String SCOPE = "https://management.azure.com/.default";

    private final TokenCredential credential;
    private AccessToken current;

    private IdentityArmTokens(TokenCredential credential) {
        this.credential = credential;
    }

    /** Tokens for a credential source, its secrets read from the environment here and nowhere else. */
    public static IdentityArmTokens of(AzureCredentialSource source, Environment environment) {
        TokenCredential credential;
        if (source instanceof AzureCredentialSource.ClientSecret sp) {
            credential = new ClientSecretCredentialBuilder().tenantId(sp.tenantId()).clientId(sp.clientId())
                    .clientSecret(environment.get("ARM_CLIENT_SECRET").orElse("")).build();
        } else if (source instanceof AzureCredentialSource.ClientCertificate sp) {
            ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                    .tenantId(sp.tenantId()).clientId(sp.clientId());
            String path = sp.certificate().toString();
            if (path.toLowerCase(Locale.ROOT).endsWith(".pem")) {
                builder.pemCertificate(path);
            } else {
                builder.pfxCertificate(path);
                environment.get("ARM_CLIENT_CERTIFICATE_PASSWORD").ifPresent(builder::clientCertificatePassword);
            }
            credential = builder.build();
        } else {
            credential = new AzureCliCredentialBuilder().build();
        }
        return new IdentityArmTokens(credential);
    }

    @Override
    public synchronized Secret token() {
        if (current == null || current.getExpiresAt().isBefore(OffsetDateTime.now().plusMinutes(5))) {
            try {
                current = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
            } catch (RuntimeException e) {
                // azure-identity's messages name the tenant, client and what failed, never the secret.
                throw new ArmException(0, "CredentialUnavailable", "no ARM token: " + e.getMessage(), e);
            }
        }
        return Secret.of(current.getToken());
    }
}
