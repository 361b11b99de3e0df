package dev.benchfleet.core.capacity;

import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.InstanceCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The capacity math of {@code per_instance_type: {"tasks": N, "instances": M}}, and how tasks spread. */
class PerInstanceTypeCapacityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                         | model       | vcpus | cap | tasks | fixed | runners | instances | rounds | idle
            full.json c8g.medium: 2 VMs x 1               | CLOUD       | 1     |     | 4     | 2     | 1       | 2         | 2      | 0
            full.json c8i.large: 2 VMs x 2                | CLOUD       | 2     |     | 4     | 2     | 2       | 2         | 1      | 0
            uneven: 3 tasks on 4 runners                  | CLOUD       | 2     |     | 3     | 2     | 2       | 2         | 1      | 1
            capped, more tasks than runners               | CLOUD       | 8     | 2   | 10    | 3     | 2       | 3         | 2      | 0
            one instance, tasks queue up                  | CLOUD       | 4     |     | 10    | 1     | 4       | 1         | 3      | 0
            auto is the classic ceil                      | CLOUD       | 2     |     | 5     |       | 2       | 3         | 1      | 1
            classic: 16 runs on 8 vCPUs                   | CLOUD       | 8     |     | 16    |       | 8       | 2         | 1      | 0
            local: M runners, at most the CPUs            | SINGLE_HOST | 2     |     | 3     | 3     | 2       | 1         | 2      | 0
            local: M runners on a big machine             | SINGLE_HOST | 8     |     | 3     | 3     | 3       | 1         | 1      | 0
            local: the cap still caps M                   | SINGLE_HOST | 8     | 2   | 3     | 3     | 2       | 1         | 2      | 0
            local classic: default one runner             | SINGLE_HOST | 8     |     | 4     |       | 1       | 1         | 4      | 0
            """)
    void tasksInstancesAndRunners(String name, CapacityModel model, int vcpus, Integer cap, int tasks, Integer fixed,
                                  int runners, int instances, int rounds, int idle) {
        ProviderConfig config = new ProviderConfig("p", List.of(InstanceEntry.withVcpus("t", "a", vcpus)), tasks,
                cap == null ? TaskRunnerCount.unset() : TaskRunnerCount.forAll(cap), null, fixed == null ? 0 : fixed);

        EntryCapacity plan = new CapacityPlanner().plan(config, InstanceCatalog.empty(), model).entries().get(0);

        assertThat(plan.runnersPerInstance()).as("runners per instance").isEqualTo(runners);
        assertThat(plan.instances()).as("instances").isEqualTo(instances);
        assertThat(plan.tasks()).isEqualTo(tasks);
        assertThat(plan.rounds()).as("tasks per runner, at most").isEqualTo(rounds);
        assertThat(plan.idleRunners()).as("runners without a task").isEqualTo(idle);
        // Exact: the busiest runner runs `rounds` tasks, and no runner could do with one fewer.
        assertThat(plan.containers() * plan.rounds()).isGreaterThanOrEqualTo(tasks);
        assertThat(plan.containers() * (plan.rounds() - 1)).isLessThan(tasks);
    }
}
