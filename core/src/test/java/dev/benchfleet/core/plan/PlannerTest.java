package dev.benchfleet.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.fixtures.CatalogProvider;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.flow.RunPlanner;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.fixtures.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {

    private final ProviderRegistry registry = ProviderRegistry.of(List.of(CatalogProvider.aws(), CatalogProvider.azure(),
            CatalogProvider.local(2)));
    private final RunPlanner runPlanner = new RunPlanner(registry, new RunIds(Clock.systemUTC(), new SecureRandom()));

    static Stream<Path> originalConfigs() throws Exception {
        return Resources.originalConfigs();
    }

    @ParameterizedTest
    @MethodSource("originalConfigs")
    void everyConfigOfTheOriginalPlansWithoutCredentials(Path file) {
        RunPlanner.Preview preview = runPlanner.preview(FlowOptions.builder(file).build());
        Plan plan = new Planner().plan(preview.plan(), file.toString(), preview.warnings());

        assertThat(plan.tasks()).isPositive();
        assertThat(plan.providers()).allSatisfy(p -> assertThat(p.aliases()).allSatisfy(a -> {
            assertThat(a.capacity().containers() * a.capacity().rounds()).isGreaterThanOrEqualTo(a.capacity().tasks());
            assertThat(a.knownArchitecture()).isPresent();
        }));
        if (plan.billed()) {
            assertThat(plan.warnings()).as("no credentials given: warned, not refused")
                    .anySatisfy(w -> assertThat(w.kind()).isEqualTo(Problem.Kind.CREDENTIALS));
        }
    }

    @Test
    void aRunRefusesWhatAPlanOnlyWarnsAbout() throws Exception {
        Path file = Resources.path("config/original/61d9060/aws-full.json");

        assertThatThrownBy(() -> runPlanner.plan(FlowOptions.builder(file).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env AWS_ACCESS_KEY_ID: is not set");
        assertThat(runPlanner.preview(FlowOptions.builder(file).build()).warnings()).extracting(Problem::toString)
                .contains("env AWS_ACCESS_KEY_ID: is not set — aws needs credentials");
    }

    @Test
    void badInputStillFailsAPlan(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"ruby_version": "3.4.7", "per_instance_type": {"tasks": 0}, "aws": [{"instance_type": "c9z.huge", "alias": "z"}]}
                """);

        assertThatThrownBy(() -> runPlanner.preview(FlowOptions.builder(file).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("per_instance_type.tasks: must be ≥ 1");
    }

    @Test
    void theLaterFullConfigPlansLikeTheOriginalDid() throws Exception {
        Plan plan = plan("config/original/61d9060/full.json", Environment.empty());

        ProviderPlan aws = plan.providers().get(0);
        AliasPlan c8g = aws.aliases().get(0);
        AliasPlan c8i = aws.aliases().get(3);
        assertThat(c8g.capacity()).extracting(c -> c.runnersPerInstance(), c -> c.instances(), c -> c.tasks())
                .containsExactly(1, 2, 4);
        assertThat(c8i.capacity()).extracting(c -> c.runnersPerInstance(), c -> c.instances(), c -> c.tasks())
                .containsExactly(2, 2, 4);
        // c8g: 2 tasks per runner × 30 min = 1 h per instance; 2 instances × $0.04/h × 1 h
        assertThat(c8g.hoursPerInstance()).isEqualByComparingTo("1");
        assertThat(c8g.knownCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.08"));
        // c8i: 1 task per runner × 30 min; 2 × $0.09 × 0.5
        assertThat(c8i.knownCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.09"));
        assertThat(aws.aliases().get(7).priceUnknown()).as("c7a.medium has no price").isTrue();
        assertThat(plan.costKnown()).isFalse();
        assertThat(plan.unpricedTypes()).contains("aws/c7a.medium", "azure/Standard_D2pls_v6");
        assertThat(plan.taskLength().fromConfig()).isFalse();
        assertThat(plan.taskLength().minutes()).isEqualByComparingTo(TaskLength.DEFAULT_MINUTES);
    }

    @Test
    void localCostsNothingAndIsNotBilled(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("local.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 4, "task_runners": {"count": 2},
                 "local_orchestrator": true, "local": [{"instance_type": "local", "alias": "here"}]}
                """);
        Plan plan = new Planner().plan(runPlanner.preview(FlowOptions.builder(file).build()).plan(), "local.json", List.of());

        assertThat(plan.billed()).isFalse();
        assertThat(plan.estimatedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0"));
        AliasPlan here = plan.providers().get(0).aliases().get(0);
        assertThat(here.capacity().runnersPerInstance()).isEqualTo(2);
        assertThat(here.capacity().rounds()).isEqualTo(2);
    }

    @Test
    void theTaskLengthFromTheConfigDrivesTheCost(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("aws.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 5, "estimated_task_minutes": 12,
                 "aws": [{"instance_type": "c7i.large", "alias": "c7i"}]}
                """);
        Plan plan = plan(file, Environment.of(java.util.Map.of("AWS_ACCESS_KEY_ID", "x")));

        AliasPlan c7i = plan.providers().get(0).aliases().get(0);
        // 5 tasks, 2 runners per instance → 3 instances, 6 runners, 1 task each: 12 min = 0.2 h; 3 × 0.09 × 0.2
        assertThat(c7i.capacity().instances()).isEqualTo(3);
        assertThat(c7i.capacity().idleRunners()).isEqualTo(1);
        assertThat(plan.estimatedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.054"));
        assertThat(plan.warnings()).as("credentials given").noneMatch(w -> w.kind() == Problem.Kind.CREDENTIALS);
        assertThat(plan.taskLength().describe()).contains("12 min").contains("estimated_task_minutes in the config");
    }

    @Test
    void jsonHasTheFieldsScriptsRelyOn() throws Exception {
        Plan plan = plan("config/original/61d9060/full.json", Environment.empty());

        JsonNode json = new ObjectMapper().readTree(PlanJson.toJson(plan).toString());

        JsonNode c8g = json.at("/providers/aws/aliases/c8g");
        assertThat(c8g.path("instance_type").asText()).isEqualTo("c8g.medium");
        assertThat(c8g.path("vcpus").asInt()).isEqualTo(1);
        assertThat(c8g.path("arch").asText()).isEqualTo("arm64");
        assertThat(c8g.path("runners_per_instance").asInt()).isEqualTo(1);
        assertThat(c8g.path("instances").asInt()).isEqualTo(2);
        assertThat(c8g.path("tasks").asInt()).isEqualTo(4);
        assertThat(c8g.path("price_per_hour").decimalValue()).isEqualByComparingTo("0.04");
        assertThat(c8g.at("/price_source/source").asText()).isEqualTo(CatalogProvider.TEST_PRICE_SOURCE);
        assertThat(json.at("/providers/aws/aliases/c7a/price_per_hour").isNull()).isTrue();
        assertThat(json.at("/providers/azure/aliases/dpls-v6/price_per_hour").isNull()).isTrue();
        assertThat(json.at("/totals/tasks").asInt()).isEqualTo(48);
        assertThat(json.at("/totals/instances").asInt()).isEqualTo(24);
        assertThat(json.at("/totals/estimated_cost").isNull()).isTrue();
        assertThat(json.at("/totals/unpriced_types").size()).isEqualTo(5);
        assertThat(json.at("/assumptions/estimated_task_minutes").decimalValue()).isEqualByComparingTo("30");
        assertThat(json.at("/assumptions/estimated_task_minutes_source").asText()).isEqualTo("default");
        assertThat(json.path("warnings")).isNotEmpty();
    }

    @Test
    void textShowsTheTableTheAssumptionAndWhatIsUnknown() throws Exception {
        List<String> lines = PlanText.lines(plan("config/original/61d9060/full.json", Environment.empty()));

        assertThat(lines.get(1)).contains("provider", "alias", "instance type", "vCPUs", "arch", "runners/inst",
                "instances", "tasks", "$/hour", "est. cost");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("aws", "c8g", "c8g.medium", "arm64", "$0.04", "$0.08"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Assumption: each task takes 30 min (the default"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Cost unknown for ").contains("aws/c7a.medium"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("test fixture (not a real price)"));
        assertThat(String.join("\n", lines)).contains("Warnings").contains("env AWS_ACCESS_KEY_ID");
    }

    @Test
    void jsonNumbersAreNeverInExponentForm(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("long.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "estimated_task_minutes": 6E+2,
                 "aws": [{"instance_type": "c7i.large", "alias": "c7i"}]}
                """);

        String json = PlanJson.toJson(plan(file, Environment.empty())).toString();

        assertThat(json).contains("\"hours_per_instance\":10,").contains("\"estimated_task_minutes\":600,")
                .contains("\"estimated_cost\":0.90").doesNotContain("E+");
    }

    @Test
    void aSpotEntryReachesTheCapacityPlanAndThePlanShowsItsPriceAsAnUpperBound(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("spot.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 4, "estimated_task_minutes": 30,
                 "aws": [{"instance_type": "c8g.medium", "alias": "c8g", "spot": true},
                         {"instance_type": "c7i.large", "alias": "c7i"}]}
                """);
        Plan plan = plan(file, Environment.empty());

        List<AliasPlan> aliases = plan.providers().get(0).aliases();
        assertThat(aliases).extracting(a -> a.capacity().spot()).containsExactly(true, false);
        JsonNode json = new ObjectMapper().readTree(PlanJson.toJson(plan).toString());
        assertThat(json.at("/providers/aws/aliases/c8g/spot").asBoolean()).isTrue();
        assertThat(json.at("/providers/aws/aliases/c7i/spot").isBoolean()).isTrue();
        assertThat(json.at("/providers/aws/aliases/c7i/spot").asBoolean()).isFalse();
        List<String> lines = PlanText.lines(plan);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("c8g.medium (spot)", "≤ $0.04", "≤ $0.08"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("c7i.large (spot)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Spot: aws/c8g asks for spot instances"));
    }

    @Test
    void spotOnAProviderThatRunsOnThisMachineIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("local.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true,
                 "local": [{"instance_type": "local", "alias": "here", "spot": true}]}
                """);

        assertThatThrownBy(() -> runPlanner.preview(FlowOptions.builder(file).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("local[0].spot: spot capacity is for cloud instances");
    }

    @Test
    void smallSumsDoNotReadAsZero() {
        assertThat(PlanText.usd(new BigDecimal("0.0036"))).isEqualTo("$0.0036");
        assertThat(PlanText.usd(new BigDecimal("12.345"))).isEqualTo("$12.35");
        assertThat(PlanText.usd(BigDecimal.ZERO)).isEqualTo("$0.00");
    }

    private Plan plan(String resource, Environment environment) throws Exception {
        return plan(Resources.path(resource), environment);
    }

    private Plan plan(Path file, Environment environment) {
        RunPlanner.Preview preview = runPlanner.preview(FlowOptions.builder(file).environment(environment).build());
        return new Planner().plan(preview.plan(), file.toString(), preview.warnings());
    }
}
