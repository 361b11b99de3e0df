package dev.benchfleet.provider.azure.credentials;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials, subscription and region from the environment and the az CLI's files, without network. */
class AzureAccountTest {

    private static final String SUB = "11111111-2222-3333-4444-555555555555";

    @TempDir
    Path home;

    private Environment env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        map.put("HOME", home.toString());
        map.put("PATH", home.resolve("bin").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Environment.of(map);
    }

    @Test
    void aServicePrincipalFromArmVariables() {
        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), env("ARM_SUBSCRIPTION_ID", SUB,
                "ARM_TENANT_ID", "t", "ARM_CLIENT_ID", "c", "ARM_CLIENT_SECRET", "s3cret"));
        assertThat(account.problems()).isEmpty();
        assertThat(account.credentials()).containsInstanceOf(AzureCredentialSource.ClientSecret.class);
        assertThat(account.credentials().orElseThrow().describe()).doesNotContain("s3cret");
        assertThat(account.subscriptionId()).hasValue(SUB);
        assertThat(account.region()).isEqualTo("eastus");
        assertThat(account.regionSource()).isEqualTo("default");
    }

    @Test
    void regionFromTheConfigThenAzureRegion() {
        assertThat(AzureAccount.resolve(Optional.empty(), Optional.empty(), env("AZURE_REGION", "westeurope")).region())
                .isEqualTo("westeurope");
        AzureAccount configured = AzureAccount.resolve(Optional.of("swedencentral"), Optional.empty(), env("AZURE_REGION", "westeurope"));
        assertThat(configured.region()).isEqualTo("swedencentral");
        assertThat(configured.regionSource()).isEqualTo("providers.azure.region");
    }

    @Test
    void nothingSaysHowToProvideCredentials() {
        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), env());
        assertThat(account.credentials()).isEmpty();
        assertThat(account.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("env ARM_CLIENT_ID");
            assertThat(p.message()).contains("no Azure credentials found").contains("ARM_CLIENT_SECRET").contains("az login");
        });
    }

    @Test
    void aHalfSetServicePrincipalNamesWhatIsMissing() {
        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), env("ARM_SUBSCRIPTION_ID", SUB,
                "ARM_CLIENT_ID", "c", "ARM_CLIENT_SECRET", "s3cret"));
        assertThat(account.problems()).extracting(Problem::path).containsExactly("env ARM_TENANT_ID");
        assertThat(account.problems().get(0).message()).doesNotContain("s3cret");
    }

    @Test
    void aServicePrincipalWithoutSubscriptionIsAProblem() {
        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(),
                env("ARM_TENANT_ID", "t", "ARM_CLIENT_ID", "c", "ARM_CLIENT_SECRET", "s"));
        assertThat(account.problems()).extracting(Problem::path).containsExactly("env ARM_SUBSCRIPTION_ID");
        assertThat(AzureAccount.resolve(Optional.empty(), Optional.empty(), env("ARM_SUBSCRIPTION_ID", "not-a-guid",
                "ARM_TENANT_ID", "t", "ARM_CLIENT_ID", "c", "ARM_CLIENT_SECRET", "s")).problems())
                .extracting(Problem::path).containsExactly("env ARM_SUBSCRIPTION_ID");
    }

    @Test
    void anAzLoginSessionWithItsDefaultSubscription() throws Exception {
        Path azure = Files.createDirectories(home.resolve(".azure"));
        // The az CLI writes this file with a byte order mark.
        Files.writeString(azure.resolve("azureProfile.json"), "\uFEFF{\"subscriptions\": ["
                + "{\"id\": \"99999999-2222-3333-4444-555555555555\", \"isDefault\": false},"
                + "{\"id\": \"" + SUB + "\", \"isDefault\": true}]}");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path az = Files.writeString(bin.resolve("az"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));

        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), env());

        assertThat(account.problems()).isEmpty();
        assertThat(account.credentials()).containsInstanceOf(AzureCredentialSource.CliSession.class);
        assertThat(account.subscriptionId()).hasValue(SUB);
        assertThat(account.subscriptionSource()).contains("az login session");
    }

    @Test
    void anAzSessionWithoutTheAzCommandIsAProblem() throws Exception {
        Path azure = Files.createDirectories(home.resolve(".azure"));
        Files.writeString(azure.resolve("azureProfile.json"), "{\"subscriptions\": [{\"id\": \"" + SUB + "\", \"isDefault\": true}]}");

        AzureAccount account = AzureAccount.resolve(Optional.empty(), Optional.empty(), env());

        assertThat(account.problems()).extracting(Problem::path).containsExactly("env PATH");
    }
}
