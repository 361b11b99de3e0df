package dev.benchfleet.core.config;

import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.fixtures.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every config file of the original tool, at the seed's commit and at its later head, loads unchanged. */
class OriginalConfigsTest {

    private final RunConfigLoader loader = new RunConfigLoader(List.of("aws", "azure", "local"));

    static Stream<Path> originalConfigs() throws Exception {
        return Resources.originalConfigs();
    }

    @Test
    void bothCommitsAreThere() throws Exception {
        assertThat(originalConfigs().map(p -> p.getParent().getFileName() + "/" + p.getFileName()))
                .containsExactly("4cdb646/aws-full.json", "4cdb646/aws-test.json", "4cdb646/azure-single.json",
                        "4cdb646/ci.json", "4cdb646/example.json", "4cdb646/local.json",
                        "61d9060/aws-full.json", "61d9060/azure.json", "61d9060/full.json", "61d9060/local.json");
    }

    @ParameterizedTest
    @MethodSource("originalConfigs")
    void loads(Path file) {
        RunConfig config = loader.load(file);
        assertThat(config.providers()).isNotEmpty();
        assertThat(config.runsPerInstanceType()).isPositive();
    }

    @Test
    void theSeedsExampleWithItsNullApiKeyLoads() throws Exception {
        RunConfig config = loader.load(Resources.path("config/original/4cdb646/example.json"));

        assertThat(config.apiKey()).as("\"api_key\": null means not set").isEmpty();
        assertThat(config.runsPerInstanceType()).isEqualTo(3);
        assertThat(config.taskRunnerCount().capFor("aws")).hasValue(3);
        assertThat(config.providerNames()).containsExactly("local", "aws", "azure");
        assertThat(config.providers().get("azure")).extracting(InstanceEntry::alias).containsExactly("D2pls", "D2als", "D2ls");
        assertThat(config.instancesPerType()).isEmpty();
    }

    @Test
    void theLaterFormGivesTasksAndInstancesPerAlias() throws Exception {
        RunConfig config = loader.load(Resources.path("config/original/61d9060/full.json"));

        assertThat(config.rubyVersion()).isEqualTo("4.0.1");
        assertThat(config.runsPerInstanceType()).isEqualTo(4);
        assertThat(config.instancesPerType()).hasValue(2);
        assertThat(config.slice("aws").instancesPerEntry()).hasValue(2);
        assertThat(config.providers().get("azure").get(0).architecture()).hasValue(Architecture.ARM64);
        assertThat(config.providers().get("azure").get(1).architecture()).as("amd64 is x86_64").hasValue(Architecture.X86_64);
        assertThat(config.totalTasks()).isEqualTo(12 * 4);
    }

    @Test
    void instancesMayBeAutoOrLeftOut() {
        String auto = """
                {"ruby_version": "3.4.7", "per_instance_type": {"tasks": 5, "instances": "auto"}, "aws": ["c7i.large"]}
                """;
        String absent = """
                {"ruby_version": "3.4.7", "per_instance_type": {"tasks": 5, "instances": null}, "aws": ["c7i.large"]}
                """;
        assertThat(loader.parse(auto, "auto.json").instancesPerType()).isEqualTo(OptionalInt.empty());
        assertThat(loader.parse(absent, "absent.json").runsPerInstanceType()).isEqualTo(5);
    }

    @Test
    void nullMeansNotSetEverywhere() {
        RunConfig config = loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "task_runners": {"count": null},
                 "local_orchestrator": null, "mock": null, "api_key": null, "estimated_task_minutes": null,
                 "max_cost": null, "per_instance_type": null, "azure": null,
                 "local": [{"instance_type": "docker", "alias": "me", "vcpus": null, "arch": null}]}
                """, "nulls.json");

        assertThat(config.providerNames()).containsExactly("local");
        assertThat(config.taskRunnerCount()).isEqualTo(TaskRunnerCount.unset());
        assertThat(config.providers().get("local")).containsExactly(InstanceEntry.of("docker", "me"));
        assertThat(config.estimatedTaskMinutes()).isEmpty();
        assertThat(config.maxCost()).isEmpty();
    }

    @Test
    void costKeysAreRead() {
        RunConfig config = loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "estimated_task_minutes": 12.5,
                 "max_cost": 3, "local": ["docker"]}
                """, "cost.json");

        assertThat(config.estimatedTaskMinutes()).hasValue(new BigDecimal("12.5"));
        assertThat(config.maxCost()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3"));
    }

    @Test
    void bothFormsInOneFileNameBothPaths() {
        assertThatThrownBy(() -> loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "per_instance_type": {"tasks": 2},
                 "local": ["docker"]}
                """, "both.json"))
                .hasMessageContaining("per_instance_type: give either runs_per_instance_type or per_instance_type, not both")
                .hasMessageNotContaining("is required");
    }
}
