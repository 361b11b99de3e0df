package dev.benchfleet.core.flow;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.fixtures.CatalogProvider;
import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spend guard in the master flow: a run that costs money is refused before anything exists. */
class SpendCheckTest {

    @TempDir
    Path base;
    @TempDir
    Path configDir;

    private final CatalogProvider aws = CatalogProvider.aws();
    private final List<Plan> shown = new ArrayList<>();
    private final FlowListener listener = new FlowListener() {
        @Override
        public void costPlan(Plan plan) {
            shown.add(plan);
        }
    };

    @Test
    void withoutATerminalOrYesNothingIsCreated() throws IOException {
        FlowOptions options = options(config(""), RunFlags.defaults()).build();

        assertThatThrownBy(() -> flow().run(options, listener))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--yes");
        assertThat(shown).as("the plan is shown before the refusal").hasSize(1);
        assertNothingCreated();
    }

    @Test
    void overMaxCostNothingIsCreatedEvenWithYes() throws IOException {
        FlowOptions options = options(config("\"max_cost\": 0.01,"), RunFlags.defaults()).assumeYes(true).build();

        assertThatThrownBy(() -> flow().run(options, listener))
                .hasMessageContaining("exceeds the limit $0.01");
        assertNothingCreated();
    }

    @Test
    void declinedAtTheQuestionNothingIsCreated() throws IOException {
        List<Plan> asked = new ArrayList<>();
        FlowOptions options = options(config(""), RunFlags.defaults())
                .spendApproval(plan -> !asked.add(plan)).build();

        assertThatThrownBy(() -> flow().run(options, listener)).hasMessageContaining("answered no");
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).pricedCost()).isEqualByComparingTo("0.135");
        assertNothingCreated();
    }

    @Test
    void nonInteractiveInTheConfigSkipsTheQuestion() throws IOException {
        FlowOptions options = options(config("\"non_interactive\": true,"), RunFlags.defaults())
                .spendApproval(plan -> {
                    throw new AssertionError("asked despite non_interactive");
                }).build();

        assertThat(SpendCheck.beforeCreatingAnything(flowPlan(options), options, listener))
                .isEqualTo(dev.benchfleet.core.plan.SpendGuard.Verdict.PRE_APPROVED);
    }

    private RunPlan flowPlan(FlowOptions options) {
        return new RunPlanner(registry(), new RunIds(Clock.systemUTC(), new SecureRandom())).plan(options);
    }

    private void assertNothingCreated() throws IOException {
        try (Stream<Path> files = Files.list(base)) {
            assertThat(files).as("no status, journal, results or working folder").isEmpty();
        }
        assertThat(aws.setups()).isZero();
    }

    private MasterFlow flow() {
        return new MasterFlow(registry(), new RunIds(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC());
    }

    private ProviderRegistry registry() {
        return ProviderRegistry.of(List.of(aws));
    }

    private FlowOptions.Builder options(Path config, RunFlags flags) {
        return FlowOptions.builder(config)
                .flags(flags)
                .apiKey(Secret.of("0123456789abcdef0123456789abcdef"))
                .orchestratorUrl(URI.create("http://127.0.0.1:9"))
                .environment(Environment.of(Map.of("AWS_ACCESS_KEY_ID", "x")))
                .baseDir(base);
    }

    private Path config(String extra) throws IOException {
        return Files.writeString(configDir.resolve("run.json"), "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 5, "
                + extra + " \"aws\": [{\"instance_type\": \"c7i.large\", \"alias\": \"c7i\"}]}");
    }
}
