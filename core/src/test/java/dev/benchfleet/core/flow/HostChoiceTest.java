package dev.benchfleet.core.flow;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.fixtures.CatalogProvider;
import dev.benchfleet.core.host.ExistingHost;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.host.OrchestratorHostRegistry;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which orchestrator host a run gets: a cloud host for a run with cloud task runners and none of
 * --local-orchestrator / --orchestrator-url / --skip-infra; the host validates and describes itself at plan
 * time and runs its pre-flight with the providers'.
 */
class HostChoiceTest {

    @TempDir
    Path base;

    private final List<HostContext> validated = new ArrayList<>();
    private final List<HostContext> preflighted = new ArrayList<>();

    private final OrchestratorHost cloud = new OrchestratorHost() {
        @Override
        public String name() {
            return "cloudy";
        }

        @Override
        public boolean isCloud() {
            return true;
        }

        @Override
        public List<Problem> validate(HostContext context) {
            validated.add(context);
            return List.of();
        }

        @Override
        public List<Problem> preflight(HostContext context) {
            preflighted.add(context);
            return List.of(new Problem("providers.aws.orchestrator_region", "not offered here"));
        }

        @Override
        public List<String> describe(HostContext context) {
            return List.of("will be created (" + context.settings("aws").path("region") + " unset: "
                    + context.settings("aws").names().isEmpty() + ")");
        }

        @Override
        public RunningOrchestrator provision(HostContext context) {
            throw new AssertionError("nothing is provisioned while planning");
        }
    };

    @Test
    void aRunWithCloudRunnersAndNoFlagGetsTheCloudHost() throws IOException {
        FlowOptions options = options(RunFlags.defaults(), OrchestratorHostRegistry.of(List.of(new ExistingHost(), cloud)))
                .upgradeOrchestrator(true).build();

        RunPlan plan = planner().plan(options);

        assertThat(plan.host()).isSameAs(cloud);
        assertThat(plan.hostNotes()).containsExactly("will be created (providers.aws.region unset: true)");
        assertThat(validated).singleElement().satisfies(context -> {
            assertThat(context.baseDir()).isEqualTo(base.toAbsolutePath().normalize());
            assertThat(context.upgrade()).isTrue();
            assertThat(context.environment().get("AWS_ACCESS_KEY_ID")).contains("x");
        });
        assertThatThrownBy(() -> new MasterFlow(registry(), ids(), Clock.systemUTC()).preflight(plan, options,
                new FlowListener() { }))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not offered here");
        assertThat(preflighted).hasSize(1);
        try (var files = Files.list(base)) {
            assertThat(files).as("planning creates nothing").isEmpty();
        }
    }

    @Test
    void anOrchestratorUrlOrLocalFlagWinsOverTheCloudHost() throws IOException {
        OrchestratorHostRegistry hosts = OrchestratorHostRegistry.of(List.of(new ExistingHost(), cloud));
        RunPlan plan = planner().plan(options(RunFlags.defaults(), hosts).orchestratorUrl(URI.create("https://o.example"))
                .apiKey(dev.benchfleet.core.spi.Secret.of("0123456789abcdef0123456789abcdef")).build());
        assertThat(plan.host().name()).isEqualTo(OrchestratorHost.EXISTING);
        assertThat(validated).isEmpty();
    }

    @Test
    void withoutACloudHostTheErrorNamesTheFlags() throws IOException {
        FlowOptions options = options(RunFlags.defaults(), OrchestratorHostRegistry.of(List.of(new ExistingHost()))).build();
        assertThatThrownBy(() -> planner().plan(options)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no cloud orchestrator host")
                .hasMessageContaining("--orchestrator-url").hasMessageContaining("--skip-infra");
    }

    private RunPlanner planner() {
        return new RunPlanner(registry(), ids());
    }

    private static RunIds ids() {
        return new RunIds(Clock.systemUTC(), new SecureRandom());
    }

    private static ProviderRegistry registry() {
        return ProviderRegistry.of(List.of(CatalogProvider.aws()));
    }

    private FlowOptions.Builder options(RunFlags flags, OrchestratorHostRegistry hosts) throws IOException {
        Path config = Files.writeString(Files.createTempFile("host-choice", ".json"), "{\"ruby_version\": \"3.4.7\", "
                + "\"runs_per_instance_type\": 2,"
                + " \"aws\": [{\"instance_type\": \"c7i.large\", \"alias\": \"c7i\"}]}");
        config.toFile().deleteOnExit();
        return FlowOptions.builder(config).flags(flags).hosts(hosts)
                .environment(Environment.of(Map.of("AWS_ACCESS_KEY_ID", "x"))).baseDir(base);
    }
}
