package dev.benchfleet.provider.azure;

import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.ValidationContext;
import dev.benchfleet.provider.azure.catalog.AzureVmCatalog;
import dev.benchfleet.provider.azure.sweep.SweepTiming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation without network: sizes, settings, credentials present, Terraform, the jar; and what describe prints. */
class AzureProviderValidationTest {

    @TempDir
    Path tmp;
    private AzureFixture fixture;
    private final FakeArm arm = new FakeArm();
    private final AzureProvider provider = new AzureProvider(AzureVmCatalog.bundled(), arm, SweepTiming.standard(),
            Clock.systemUTC());

    @BeforeEach
    void setUp() {
        fixture = new AzureFixture(tmp);
    }

    private ProviderConfig config(String entries, String settings) {
        String json = "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 2, \"azure\": [" + entries + "]"
                + (settings.isEmpty() ? "" : ", \"providers\": {\"azure\": " + settings + "}") + "}";
        return new RunConfigLoader(List.of("azure")).parse(json, "test").slice("azure");
    }

    private ValidationContext context(String entries, String settings, RunFlags flags, Environment env) {
        return ValidationContext.of(config(entries, settings), flags, env);
    }

    private List<Problem> validate(String entries, String settings) {
        return provider.validate(context(entries, settings, RunFlags.defaults(), fixture.environment()));
    }

    @Test
    void anUnknownSizeWithoutVcpusListsNearNamesAndOneWithVcpusPasses() {
        assertThat(validate("{\"instance_type\": \"Standard_D2pls_v7\", \"alias\": \"x\"}", "")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("azure[0].instance_type");
            assertThat(p.message()).contains("'Standard_D2pls_v7'", "Standard_D2pls_v", "\"vcpus\"");
        });
        assertThat(validate("{\"instance_type\": \"Standard_D2pls_v7\", \"alias\": \"x\", \"vcpus\": 2}", "")).isEmpty();
        assertThat(validate("{\"instance_type\": \"c7g.large\", \"alias\": \"x\", \"vcpus\": 2}", ""))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("is not an Azure VM size name"));
        assertThat(validate("{\"instance_type\": \"standard_d2ps_v5\", \"alias\": \"x\"}", "")).as("any case").isEmpty();
    }

    @Test
    void settingsAreCheckedWithTheirJsonPaths() {
        List<Problem> problems = validate("{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"d2s\"}",
                "{\"region\": \"East US\", \"subscription_id\": \"mine\", \"ssh_cidr\": \"10.0.0.0/33\", \"max_hours\": 0,"
                        + " \"os_disk_gb\": 8}");
        assertThat(problems).extracting(Problem::path).containsExactly("providers.azure.region",
                "providers.azure.subscription_id", "providers.azure.ssh_cidr", "providers.azure.max_hours",
                "providers.azure.os_disk_gb");
        assertThat(validate("{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"d2s\", \"spot\": true}",
                "{\"region\": \"westeurope\", \"ssh_cidr\": \"203.0.113.7/32\", \"max_hours\": 168, \"os_disk_gb\": 30}"))
                .isEmpty();
        // One way to ask for spot on every cloud: the entry's "spot", not a provider setting (core rejects unknown names).
        assertThat(provider.settings()).extracting(dev.benchfleet.core.spi.Setting::name).doesNotContain("spot_aliases");
    }

    @Test
    void missingCredentialsTerraformAndJarAreAllReportedWithTheFix() {
        Environment env = Environment.of(Map.of("HOME", tmp.resolve("empty-home").toString(), "PATH", tmp.toString()));
        List<Problem> problems = provider.validate(context("{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"d2s\"}", "",
                RunFlags.defaults(), env));
        assertThat(problems).extracting(Problem::path).containsExactly("env ARM_CLIENT_ID", "env PATH",
                "env BENCHFLEET_TASK_RUNNER_JAR");
        assertThat(problems.get(0).message()).contains("ARM_SUBSCRIPTION_ID", "ARM_CLIENT_SECRET", "az login");
        assertThat(problems.get(1).message()).contains("Install Terraform");
    }

    @Test
    void aLocalOrchestratorIsRefused() {
        List<Problem> problems = provider.validate(context("{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"d2s\"}", "",
                RunFlags.defaults().withLocalOrchestrator(true), fixture.environment()));
        assertThat(problems).extracting(Problem::path).containsExactly("--local-orchestrator");
    }

    @Test
    void describePrintsRegionSubscriptionAndTrueVcpusButNoSecret() {
        List<String> lines = provider.describe(context("{\"instance_type\": \"Standard_E4-2s_v5\", \"alias\": \"e4\"},"
                + "{\"instance_type\": \"Standard_D2ps_v5\", \"alias\": \"d2ps\", \"spot\": true}", "",
                RunFlags.defaults(), fixture.environment()));
        assertThat(lines).contains("region eastus (from default)", "e4: Standard_E4-2s_v5, x86_64, 2 vCPUs",
                "d2ps: Standard_D2ps_v5, arm64, 2 vCPUs, Spot");
        assertThat(String.join("\n", lines)).contains(AzureFixture.SUBSCRIPTION).doesNotContain(AzureFixture.CLIENT_SECRET);
    }

    @Test
    void preflightAsksTheSubscriptionForTheSizesAndQuotasOfThePlannedVms() {
        arm.skus.add(new dev.benchfleet.provider.azure.arm.ArmApi.VmSku("Standard_D2ps_v5", "standardDPSv5Family", 2, 2,
                "Arm64", "V2", false));
        arm.usages.add(new dev.benchfleet.provider.azure.arm.ArmApi.Usage("cores", "Total Regional vCPUs", 0, 100));
        arm.usages.add(new dev.benchfleet.provider.azure.arm.ArmApi.Usage("standardDPSv5Family", "DPSv5", 0, 2));
        ValidationContext validation = context("{\"instance_type\": \"Standard_D2ps_v5\", \"alias\": \"d2ps\"}",
                "{\"region\": \"northeurope\"}", RunFlags.defaults(), fixture.environment());

        List<Problem> problems = provider.preflight(dev.benchfleet.core.spi.PreflightContext.of(validation,
                new dev.benchfleet.core.spi.CancellationToken(), event -> { }));

        // runs_per_instance_type 2 on a 2-vCPU size: one VM of 2 vCPUs fits the family's 2.
        assertThat(problems).isEmpty();
        assertThat(arm.calls).containsExactly("client " + AzureFixture.SUBSCRIPTION, "subscription", "skus northeurope",
                "usages northeurope");

        ValidationContext twice = context("{\"instance_type\": \"Standard_D2ps_v5\", \"alias\": \"d2ps\", \"vcpus\": 1}",
                "{\"region\": \"northeurope\"}", RunFlags.defaults(), fixture.environment());
        assertThat(provider.preflight(dev.benchfleet.core.spi.PreflightContext.of(twice,
                new dev.benchfleet.core.spi.CancellationToken(), event -> { })))
                .extracting(Problem::message).containsExactly("Standard_D2ps_v5 has 2 vCPUs in northeurope, the plan counted 1; "
                        + "set \"vcpus\": 2");
    }

    @Test
    void preflightWithoutCredentialsCallsNothing() {
        Environment env = Environment.of(Map.of("HOME", tmp.resolve("empty-home").toString(), "PATH", tmp.toString()));
        ValidationContext validation = context("{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"d2s\"}", "",
                RunFlags.defaults(), env);

        assertThat(provider.preflight(dev.benchfleet.core.spi.PreflightContext.of(validation,
                new dev.benchfleet.core.spi.CancellationToken(), event -> { })))
                .extracting(Problem::path).containsExactly("env ARM_CLIENT_ID");
        assertThat(arm.calls).isEmpty();
    }

    @Test
    void archIsInferredFromThePLetterTheEntryOverridesAndVcpusWins() {
        ProviderConfig config = config("{\"instance_type\": \"Standard_D4pds_v9\", \"alias\": \"future\", \"vcpus\": 4},"
                + "{\"instance_type\": \"Standard_D4ads_v9\", \"alias\": \"amd\", \"vcpus\": 4},"
                + "{\"instance_type\": \"Standard_D2s_v5\", \"alias\": \"forced\", \"arch\": \"arm64\", \"vcpus\": 1}", "");
        List<InstanceEntry> entries = config.entries();
        assertThat(provider.architectureOf(entries.get(0))).isEqualTo(Architecture.ARM64);
        assertThat(provider.architectureOf(entries.get(1))).isEqualTo(Architecture.X86_64);
        assertThat(provider.architectureOf(entries.get(2))).isEqualTo(Architecture.ARM64);

        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        assertThat(capacity.entries().get(2).runnersPerInstance()).as("\"vcpus\": 1 wins over the catalog's 2").isEqualTo(1);
    }
}
