package dev.benchfleet.core.plan;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.fixtures.CatalogProvider;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.flow.RunPlanner;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpendGuardTest {

    @TempDir
    Path dir;

    private final SpendGuard guard = new SpendGuard();
    private final List<Plan> asked = new ArrayList<>();
    private final SpendApproval yes = plan -> asked.add(plan);
    private final SpendApproval no = plan -> !asked.add(plan);

    @Test
    void aFreeRunIsNeverAsked() throws IOException {
        Plan plan = plan("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 4, "max_cost": 0.01, "local_orchestrator": true,
                 "local": ["local"]}
                """);

        assertThat(guard.check(plan, false, null)).isEqualTo(SpendGuard.Verdict.FREE);
        assertThat(guard.check(plan, false, no)).isEqualTo(SpendGuard.Verdict.FREE);
        assertThat(asked).isEmpty();
    }

    @Test
    void aRunThatCostsMoneyIsAskedOnceAndGoesOnWhenApproved() throws IOException {
        Plan plan = plan(aws(""));

        assertThat(guard.check(plan, false, yes)).isEqualTo(SpendGuard.Verdict.APPROVED);
        assertThat(asked).containsExactly(plan);
    }

    @Test
    void declinedStopsTheRun() throws IOException {
        Plan plan = plan(aws(""));

        assertThatThrownBy(() -> guard.check(plan, false, no))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("answered no");
        assertThat(asked).hasSize(1);
    }

    @Test
    void yesSkipsTheQuestion() throws IOException {
        assertThat(guard.check(plan(aws("")), true, yes)).isEqualTo(SpendGuard.Verdict.PRE_APPROVED);
        assertThat(asked).isEmpty();
    }

    @Test
    void withoutATerminalAndWithoutYesTheRunIsRefused() throws IOException {
        assertThatThrownBy(() -> guard.check(plan(aws("")), false, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no terminal to ask on")
                .hasMessageContaining("estimated $0.14")
                .satisfies(e -> assertThat(((ConfigException) e).fix()).hasValueSatisfying(
                        fix -> assertThat(fix).contains("--yes")));
    }

    @Test
    void anEstimateOverMaxCostIsRefusedEvenWithYes() throws IOException {
        // 5 tasks of 30 min on c7i.large (2 runners each): 3 instances × $0.09/h × 0.5 h = $0.135
        Plan plan = plan(aws("\"max_cost\": 0.1,"));

        assertThatThrownBy(() -> guard.check(plan, true, yes))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max_cost: the estimated cost $0.14 exceeds the limit $0.10");
        assertThat(asked).isEmpty();
    }

    @Test
    void anEstimateWithinMaxCostGoesOn() throws IOException {
        assertThat(guard.check(plan(aws("\"max_cost\": 0.14,")), true, null)).isEqualTo(SpendGuard.Verdict.PRE_APPROVED);
    }

    @Test
    void anUnknownPriceWithMaxCostIsRefusedNamingTheTypes() throws IOException {
        Plan plan = plan("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "max_cost": 100,
                 "aws": [{"instance_type": "c7a.medium", "alias": "c7a"}, {"instance_type": "c7i.large", "alias": "c7i"}]}
                """);

        assertThatThrownBy(() -> guard.check(plan, true, yes))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be estimated: no price is known for aws/c7a.medium")
                .hasMessageNotContaining("c7i.large");
    }

    private static String aws(String extra) {
        return "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 5, " + extra
                + " \"aws\": [{\"instance_type\": \"c7i.large\", \"alias\": \"c7i\"}]}";
    }

    private Plan plan(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("run.json"), json);
        ProviderRegistry registry = ProviderRegistry.of(List.of(CatalogProvider.aws(), CatalogProvider.local(2)));
        RunPlanner planner = new RunPlanner(registry, new RunIds(Clock.systemUTC(), new SecureRandom()));
        RunPlanner.Preview preview = planner.preview(FlowOptions.builder(file)
                .environment(Environment.of(Map.of("AWS_ACCESS_KEY_ID", "x"))).build());
        return new Planner().plan(preview.plan(), file.toString(), preview.warnings());
    }
}
