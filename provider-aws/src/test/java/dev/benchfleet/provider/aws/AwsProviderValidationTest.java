package dev.benchfleet.provider.aws;

import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.ValidationContext;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.sweep.SweepTiming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AwsProviderValidationTest {

    @TempDir
    Path tmp;
    private AwsFixture fixture;
    private final AwsProvider provider = new AwsProvider(AwsInstanceCatalog.bundled(), new FakeAws(), SweepTiming.standard(),
            Clock.systemUTC());

    @BeforeEach
    void setUp() {
        fixture = new AwsFixture(tmp);
    }

    private ValidationContext context(String entries, String settings, RunFlags flags, Environment env) {
        String json = "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 2, \"aws\": [" + entries + "]"
                + (settings.isEmpty() ? "" : ", \"providers\": {\"aws\": " + settings + "}") + "}";
        ProviderConfig config = new RunConfigLoader(List.of("aws")).parse(json, "test").slice("aws");
        return ValidationContext.of(config, flags, env);
    }

    private List<Problem> validate(String entries, String settings) {
        return provider.validate(context(entries, settings, RunFlags.defaults(), fixture.environment()));
    }

    @Test
    void anUnknownTypeWithoutVcpusListsNearNamesAndOneWithVcpusPasses() {
        assertThat(validate("{\"instance_type\": \"c7g.mediun\", \"alias\": \"x\"}", "")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("aws[0].instance_type");
            assertThat(p.message()).contains("'c7g.mediun'", "c7g.medium", "\"vcpus\"");
        });
        assertThat(validate("{\"instance_type\": \"c9z.large\", \"alias\": \"x\", \"vcpus\": 2}", "")).isEmpty();
        assertThat(validate("{\"instance_type\": \"not a type\", \"alias\": \"x\", \"vcpus\": 2}", ""))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("is not an EC2 instance type name"));
    }

    @Test
    void settingsAreCheckedWithTheirJsonPaths() {
        List<Problem> problems = validate("{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}",
                "{\"region\": \"Frankfurt\", \"ssh_cidr\": \"10.0.0.0/33\", \"max_hours\": 0, \"root_volume_gb\": 4}");
        assertThat(problems).extracting(Problem::path).containsExactly("providers.aws.region", "providers.aws.ssh_cidr",
                "providers.aws.max_hours", "providers.aws.root_volume_gb");
        assertThat(validate("{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}",
                "{\"region\": \"eu-central-1\", \"ssh_cidr\": \"203.0.113.7/32\", \"max_hours\": 168, \"root_volume_gb\": 8}")).isEmpty();
    }

    @Test
    void missingCredentialsTerraformAndJarAreAllReportedWithTheFix() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.resolve("empty-home").toString(), "PATH", tmp.toString()));
        List<Problem> problems = provider.validate(context("{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}", "",
                RunFlags.defaults(), Environment.of(env)));
        assertThat(problems).extracting(Problem::path).containsExactly("env AWS_ACCESS_KEY_ID", "env PATH",
                "env BENCHFLEET_TASK_RUNNER_JAR");
        assertThat(problems.get(0).message()).contains("AWS_SECRET_ACCESS_KEY", "AWS_PROFILE");
        assertThat(problems.get(1).message()).contains("Install Terraform");
    }

    @Test
    void aLocalOrchestratorIsRefused() {
        assertThat(provider.validate(context("{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}", "",
                RunFlags.defaults().withLocalOrchestrator(true), fixture.environment())))
                .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("--local-orchestrator"));
    }

    @Test
    void describePrintsTheRegionAndWhereItCameFrom() {
        List<String> lines = provider.describe(context("{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"},"
                + "{\"instance_type\": \"m7a.large\", \"alias\": \"m7a\"}", "", RunFlags.defaults(), fixture.environment()));
        assertThat(lines.get(0)).isEqualTo("region us-east-1 (from default)");
        assertThat(lines).contains("c7g: c7g.medium, arm64, 1 vCPUs", "m7a: m7a.large, x86_64, 2 vCPUs");
        assertThat(String.join("\n", lines)).doesNotContain("wJalrXUtnFEMI");
    }
}
