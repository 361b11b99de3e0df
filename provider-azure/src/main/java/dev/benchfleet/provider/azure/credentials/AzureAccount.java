package dev.benchfleet.provider.azure.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Azure subscription, region and credentials a run would use, worked out from environment variables and
 * the Azure CLI's files only (no network, no SDK chain, cloud.md A7):
 * <ul>
 *   <li>region: the config's {@code providers.azure.region}, else {@code AZURE_REGION}, else {@code eastus};</li>
 *   <li>credentials: a service principal from {@code ARM_*} (the Terraform convention), else the {@code az login}
 *       session in {@code AZURE_CONFIG_DIR} or {@code ~/.azure};</li>
 *   <li>subscription (azurerm 4.x needs it set): the config's {@code subscription_id}, else
 *       {@code ARM_SUBSCRIPTION_ID}, else the session's default subscription.</li>
 * </ul>
 *
 * @param region             the region
 * @param regionSource       where the region came from, for {@code describe}
 * @param subscriptionId     the subscription, when one was found
 * @param subscriptionSource where it came from
 * @param credentials        where credentials come from, when some are present
 * @param problems           what is missing or half-set, with the variable to set
 */
public record AzureAccount(String region, String regionSource, Optional<String> subscriptionId, String subscriptionSource,
                           Optional<AzureCredentialSource> credentials, List<Problem> problems) {

    /** The region when nothing names one (the original tool's). */
    public static final String DEFAULT_REGION = "eastus";

    /** How to provide credentials, for every message that says they are missing. */
    public static final String HOW_TO_PROVIDE = "set ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET "
            + "(a service principal with the roles Contributor and Role Based Access Control Administrator on the "
            + "subscription, see the README's 'Running on Azure'), or run `az login` (and `az account set --subscription <id>`)";

    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9]{2,39}");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    public AzureAccount {
        problems = List.copyOf(problems);
    }

    /** True when a name has the shape of an Azure region's programmatic name ({@code eastus}, {@code westeurope}). */
    public static boolean isRegionName(String value) {
        return REGION.matcher(value).matches();
    }

    /** True when a value has the shape of a subscription or tenant id (a GUID). */
    public static boolean isGuid(String value) {
        return GUID.matcher(value).matches();
    }

    /**
     * Resolves the account.
     *
     * @param configuredRegion       {@code providers.azure.region}, when given
     * @param configuredSubscription {@code providers.azure.subscription_id}, when given
     */
    public static AzureAccount resolve(Optional<String> configuredRegion, Optional<String> configuredSubscription,
                                       Environment environment) {
        String region;
        String regionSource;
        if (configuredRegion.isPresent()) {
            region = configuredRegion.get();
            regionSource = "providers.azure.region";
        } else if (environment.get("AZURE_REGION").filter(r -> !r.isBlank()).isPresent()) {
            region = environment.get("AZURE_REGION").get();
            regionSource = "AZURE_REGION";
        } else {
            region = DEFAULT_REGION;
            regionSource = "default";
        }

        List<Problem> problems = new ArrayList<>();
        Path configDir = environment.get("AZURE_CONFIG_DIR").map(Path::of)
                .or(() -> environment.get("HOME").map(home -> Path.of(home, ".azure")))
                .orElse(Path.of(".azure"));
        CliProfile profile = CliProfile.read(configDir);
        Optional<AzureCredentialSource> source = credentials(environment, configDir, profile, problems);

        Optional<String> subscription;
        String subscriptionSource;
        if (configuredSubscription.isPresent()) {
            subscription = configuredSubscription;
            subscriptionSource = "providers.azure.subscription_id";
        } else if (environment.get("ARM_SUBSCRIPTION_ID").filter(s -> !s.isBlank()).isPresent()) {
            subscription = environment.get("ARM_SUBSCRIPTION_ID");
            subscriptionSource = "ARM_SUBSCRIPTION_ID";
        } else if (source.orElse(null) instanceof AzureCredentialSource.CliSession && profile.defaultSubscription().isPresent()) {
            subscription = profile.defaultSubscription();
            subscriptionSource = "the default subscription of the az login session (" + profile.file() + ")";
        } else {
            subscription = Optional.empty();
            subscriptionSource = "none";
        }
        if (source.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.environment("ARM_CLIENT_ID", "no Azure credentials found (looked at ARM_TENANT_ID, "
                    + "ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH and an az login session in "
                    + configDir + "); " + HOW_TO_PROVIDE));
        } else if (source.isPresent() && subscription.isEmpty()) {
            problems.add(Problem.environment("ARM_SUBSCRIPTION_ID", "is not set and no default subscription was found: "
                    + "azurerm 4.x needs the subscription; set ARM_SUBSCRIPTION_ID (or providers.azure.subscription_id)"));
        }
        // The config's value is checked with its JSON path by AzureSettings; here only what the environment gave.
        if (configuredSubscription.isEmpty()) {
            subscription.filter(s -> !isGuid(s)).ifPresent(s -> problems.add(Problem.environment("ARM_SUBSCRIPTION_ID",
                    "must be a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)")));
        }
        return new AzureAccount(region, regionSource, subscription, subscriptionSource, source, problems);
    }

    private static Optional<AzureCredentialSource> credentials(Environment env, Path configDir, CliProfile profile,
                                                               List<Problem> problems) {
        Optional<String> tenant = env.get("ARM_TENANT_ID").filter(v -> !v.isBlank());
        Optional<String> client = env.get("ARM_CLIENT_ID").filter(v -> !v.isBlank());
        boolean secret = env.get("ARM_CLIENT_SECRET").filter(v -> !v.isBlank()).isPresent();
        Optional<String> certificate = env.get("ARM_CLIENT_CERTIFICATE_PATH").filter(v -> !v.isBlank());
        boolean anyServicePrincipal = tenant.isPresent() || client.isPresent() || secret || certificate.isPresent();
        if (anyServicePrincipal) {
            List<String> missing = new ArrayList<>();
            if (tenant.isEmpty()) {
                missing.add("ARM_TENANT_ID");
            }
            if (client.isEmpty()) {
                missing.add("ARM_CLIENT_ID");
            }
            if (!secret && certificate.isEmpty()) {
                missing.add("ARM_CLIENT_SECRET");
            }
            if (!missing.isEmpty()) {
                problems.add(Problem.environment(missing.get(0), "is not set, but other ARM_* variables are: a service "
                        + "principal needs " + String.join(", ", missing) + " too; " + HOW_TO_PROVIDE));
                return Optional.empty();
            }
            if (secret) {
                return Optional.of(new AzureCredentialSource.ClientSecret(tenant.get(), client.get()));
            }
            Path path = Path.of(certificate.get());
            if (!Files.isReadable(path)) {
                problems.add(Problem.environment("ARM_CLIENT_CERTIFICATE_PATH", "no readable certificate at " + path));
                return Optional.empty();
            }
            return Optional.of(new AzureCredentialSource.ClientCertificate(tenant.get(), client.get(), path));
        }
        if (profile.loggedIn()) {
            if (env.findExecutable("az").isEmpty()) {
                problems.add(Problem.environment("PATH", "has no az: an az login session was found in " + configDir
                        + ", but Terraform and Benchfleet get its tokens through the az command; install the Azure CLI "
                        + "or use a service principal (" + HOW_TO_PROVIDE + ")"));
                return Optional.empty();
            }
            return Optional.of(new AzureCredentialSource.CliSession(configDir));
        }
        return Optional.empty();
    }

    /** What the Azure CLI's {@code azureProfile.json} says: a login, and the default subscription. */
    private record CliProfile(Path file, boolean loggedIn, Optional<String> defaultSubscription) {

        static CliProfile read(Path configDir) {
            Path file = configDir.resolve("azureProfile.json");
            if (!Files.isRegularFile(file)) {
                return new CliProfile(file, false, Optional.empty());
            }
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1); // the Azure CLI writes this file with a byte order mark
                }
                JsonNode subscriptions = new ObjectMapper().readTree(text).path("subscriptions");
                Optional<String> chosen = Optional.empty();
                for (JsonNode subscription : subscriptions) {
                    if (subscription.path("isDefault").asBoolean(false) && subscription.hasNonNull("id")) {
                        chosen = Optional.of(subscription.get("id").asText());
                    }
                }
                return new CliProfile(file, subscriptions.size() > 0, chosen);
            } catch (IOException e) {
                return new CliProfile(file, false, Optional.empty());
            }
        }
    }
}
