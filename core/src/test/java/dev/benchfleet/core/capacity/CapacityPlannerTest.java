package dev.benchfleet.core.capacity;

import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.InstanceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityPlannerTest {

    private static final InstanceCatalog CATALOG = InstanceCatalog.of(Map.of("c7g.medium", 1, "c7i.large", 2,
            "c7i.2xlarge", 8));
    private final CapacityPlanner planner = new CapacityPlanner();

    @ParameterizedTest(name = "{0}: vcpus={1} count={2} runs={3} -> {4} per instance, {5} instances")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                | vcpus | count | runs | runners | instances
            count unset: cap = vcpu               | 8     |       | 16   | 8       | 2
            count unset, runs < vcpu              | 8     |       | 3    | 8       | 1
            count set below vcpu                  | 8     | 2     | 5    | 2       | 3
            count equal to vcpu                   | 8     | 8     | 8    | 8       | 1
            count larger than vcpu                | 2     | 16    | 5    | 2       | 3
            runs less than effective              | 8     | 4     | 3    | 4       | 1
            runs equal to effective               | 8     | 4     | 4    | 4       | 1
            runs just over effective              | 8     | 4     | 5    | 4       | 2
            runs many times effective             | 2     | 2     | 9    | 2       | 5
            one vcpu, count 1                     | 1     | 1     | 3    | 1       | 3
            one vcpu, count unset                 | 1     |       | 1    | 1       | 1
            """)
    void cloudMathFollowsTheGuide(String name, int vcpus, Integer count, int runs, int runners, int instances) {
        ProviderConfig config = config("aws", List.of(InstanceEntry.withVcpus("any", "a", vcpus)), runs, count);

        EntryCapacity plan = planner.plan(config, InstanceCatalog.empty(), CapacityModel.CLOUD).entries().get(0);

        assertThat(plan.runnersPerInstance()).isEqualTo(runners);
        assertThat(plan.instances()).isEqualTo(instances);
        assertThat(plan.tasks()).isEqualTo(runs);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                         | cpus | count | runs | runners
            local default is 1             | 8    |       | 5    | 1
            local count below cpus         | 8    | 3     | 5    | 3
            local count above cpus         | 2    | 6     | 5    | 2
            local count equal to cpus      | 4    | 4     | 2    | 4
            """)
    void singleHostHasOneInstanceAndDefaultsToOneRunner(String name, int cpus, Integer count, int runs, int runners) {
        ProviderConfig config = config("local", List.of(InstanceEntry.of("docker", "me")), runs, count);

        EntryCapacity plan = planner.plan(config, InstanceCatalog.uniform(cpus), CapacityModel.SINGLE_HOST).entries().get(0);

        assertThat(plan.runnersPerInstance()).isEqualTo(runners);
        assertThat(plan.instances()).isEqualTo(1);
    }

    @Test
    void explicitVcpusWinOverTheCatalog() {
        ProviderConfig config = config("aws", List.of(InstanceEntry.withVcpus("c7i.2xlarge", "big", 3)), 6, null);

        EntryCapacity plan = planner.plan(config, CATALOG, CapacityModel.CLOUD).entries().get(0);

        assertThat(plan.vcpus()).isEqualTo(3);
        assertThat(plan.runnersPerInstance()).isEqualTo(3);
        assertThat(plan.instances()).isEqualTo(2);
    }

    @Test
    void perProviderCountAppliesOnlyToItsProvider() {
        TaskRunnerCount count = TaskRunnerCount.perProvider(Map.of("local", 1, "aws", 2));
        ProviderConfig aws = new ProviderConfig("aws", List.of(InstanceEntry.of("c7i.2xlarge", "c7i")), 6, count);
        ProviderConfig azure = new ProviderConfig("azure", List.of(InstanceEntry.withVcpus("D8", "d8", 8)), 6, count);

        assertThat(planner.plan(aws, CATALOG, CapacityModel.CLOUD).vcpuCount()).containsExactly(Map.entry("c7i", 2));
        assertThat(planner.plan(azure, InstanceCatalog.empty(), CapacityModel.CLOUD).vcpuCount())
                .containsExactly(Map.entry("d8", 8));
    }

    @Test
    void mapsAndTotalsCoverEveryEntry() {
        ProviderConfig config = config("aws", List.of(InstanceEntry.of("c7g.medium", "c7g"),
                InstanceEntry.of("c7i.large", "c7i"), InstanceEntry.of("c7i.2xlarge", "big")), 5, 4);

        ProviderCapacity capacity = planner.plan(config, CATALOG, CapacityModel.CLOUD);

        assertThat(capacity.vcpuCount()).containsExactly(Map.entry("c7g", 1), Map.entry("c7i", 2), Map.entry("big", 4));
        assertThat(capacity.instanceCount()).containsExactly(Map.entry("c7g", 5), Map.entry("c7i", 3), Map.entry("big", 2));
        assertThat(capacity.totalInstances()).isEqualTo(10);
        assertThat(capacity.totalContainers()).isEqualTo(5 + 6 + 8);
        assertThat(capacity.totalTasks()).isEqualTo(15);
    }

    @Test
    void unknownInstanceTypesAreAllReportedWithTheKnownOnes() {
        ProviderConfig config = config("aws", List.of(InstanceEntry.of("c7g.medium", "ok"),
                InstanceEntry.of("c7x.large", "bad1"), InstanceEntry.of("m9.huge", "bad2")), 2, null);

        assertThatThrownBy(() -> planner.plan(config, CATALOG, CapacityModel.CLOUD))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws[1].instance_type: unknown instance type 'c7x.large' — known: c7g.medium, c7i.2xlarge, c7i.large")
                .hasMessageContaining("aws[2].instance_type: unknown instance type 'm9.huge'")
                .hasMessageContaining("\"vcpus\"");
    }

    private static ProviderConfig config(String provider, List<InstanceEntry> entries, int runs, Integer count) {
        return new ProviderConfig(provider, entries, runs, count == null ? TaskRunnerCount.unset() : TaskRunnerCount.forAll(count));
    }
}
