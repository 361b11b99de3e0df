package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.provider.local.LocalProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master flow end to end, as a library call: the embedded orchestrator, the local provider's
 * process runtime and the real task runner jar, all on this machine.
 */
class MasterFlowIT {

    @TempDir
    Path base;

    @Test
    void aMockRunCompletesAndBringsEveryTaskHome() throws IOException {
        Path config = LocalRuns.localConfig(base, 4, 2, 2);

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, LocalRuns.environment("300ms")).build(), FlowListener.silent());

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.status()).isEqualTo("completed");
        assertThat(outcome.tasks().total()).isEqualTo(4);
        assertThat(outcome.tasks().completed()).isEqualTo(4);
        assertThat(outcome.resultsDir()).isEqualTo(base.toAbsolutePath().resolve("results").resolve(outcome.runId()));
        List<Path> folders = LocalRuns.taskFolders(outcome.resultsDir());
        assertThat(folders).hasSize(4).allSatisfy(folder -> {
            assertThat(folder.getFileName().toString()).startsWith("here-");
            assertThat(folder.resolve("output.txt")).isNotEmptyFile();
            assertThat(folder.resolve("metadata.json")).isNotEmptyFile();
        });
        JsonNode metadata = LocalRuns.readJson(folders.get(0).resolve("metadata.json"));
        assertThat(metadata.path("provider").asText()).isEqualTo("local");
        assertThat(metadata.path("status").asText()).isEqualTo("success");

        JsonNode status = LocalRuns.readJson(outcome.statusFile());
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("exit_code").asInt()).isZero();
        assertThat(status.path("tasks").path("completed").asInt()).isEqualTo(4);
        assertThat(status.path("config_sha256").asText()).hasSize(64);
        assertThat(status.has("api_key")).isFalse();

        JsonNode summary = outcome.summary();
        assertThat(summary.path("run_id").isTextual()).isTrue();
        assertThat(summary.path("run_id").asText()).matches("\\d{18}");
        assertThat(summary.path("exit_code").asInt()).isZero();
        assertThat(summary.path("tasks").path("total").asInt()).isEqualTo(4);
        assertThat(summary.at("/instance_hours/total").decimalValue()).as("this machine is not billed by the hour")
                .isEqualByComparingTo("0");
        assertThat(summary.at("/instance_hours/machines").asInt()).isZero();
        assertThat(LocalRuns.runnersAlive(outcome.runId())).isEmpty();
    }

    @Test
    void theOriginalsLaterFormRunsItsTasksPerAliasOnItsRunners() throws IOException {
        // The original's later local.json, with "null" keys of its example: 3 tasks on 2 runners of this machine.
        Path config = Files.writeString(base.resolve("later.json"), """
                {"ruby_version": "3.4.7", "per_instance_type": {"tasks": 3, "instances": 2}, "api_key": null,
                 "local_orchestrator": true, "mock": true,
                 "local": [{"instance_type": "docker", "alias": "apple-m3-max", "vcpus": 2}]}
                """);
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, LocalRuns.environment("300ms")).build(), new FlowListener() {
                    @Override
                    public void step(String message) {
                        steps.add(message);
                    }
                });

        assertThat(outcome.exitCode()).as(outcome.failure().orElse("")).isZero();
        assertThat(outcome.tasks().total()).isEqualTo(3);
        assertThat(outcome.tasks().completed()).isEqualTo(3);
        assertThat(LocalRuns.taskFolders(outcome.resultsDir())).hasSize(3);
        assertThat(steps).anySatisfy(step -> assertThat(step).contains("2 runner(s) on 1 instance(s)"));
        // the local runners wait for their run, so they start while the orchestrator comes up, not after
        assertThat(indexOf(steps, "Starting local task runners")).isNotNegative()
                .isLessThan(indexOf(steps, "Created run"))
                // and before this master builds its own client (the JDK's HTTP client and TLS set-up take a while)
                .isLessThan(indexOf(steps, "Waiting for the orchestrator"));
    }

    private static int indexOf(List<String> steps, String start) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFailingTaskEndsTheRunWithExitCode2AndItsErrorIsKept() {
        Path config = LocalRuns.localConfig(base, 2, 1, 2);
        Map<String, String> env = LocalRuns.environment("200ms");
        env.put("BENCHFLEET_MOCK_FAIL", "true");

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, env).build(), FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.tasks().failed()).isEqualTo(2);
        assertThat(outcome.tasks().completed()).isZero();
        assertThat(outcome.status()).isEqualTo("completed");
        assertThat(LocalRuns.runnersAlive(outcome.runId())).isEmpty();
    }

    @Test
    void aProviderWhoseSetupFailsStopsTheRunWithItsErrorAndNothingIsLeftRunning() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "local_orchestrator": true, "mock": true,
                 "local": [{"instance_type": "local", "alias": "here"}],
                 "broken": [{"instance_type": "b", "alias": "b", "vcpus": 1}]}
                """);
        BrokenSetup broken = new BrokenSetup();
        ProviderRegistry registry = ProviderRegistry.of(List.of(new LocalProvider(), broken));

        FlowOutcome outcome = LocalRuns.flow(registry)
                .run(LocalRuns.options(config, base, LocalRuns.environment("5s")).build(), FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.status()).isEqualTo("failed");
        assertThat(outcome.error()).contains("the broken cloud said no");
        assertThat(broken.tornDown).isTrue();
        assertThat(LocalRuns.runnersAlive(outcome.runId())).isEmpty();
        assertThat(outcome.summary().path("exit_code").asInt()).isEqualTo(1);
    }

    @Test
    void aBadConfigStopsBeforeAnythingIsCreated() throws IOException {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 0, "local_orchestrator": true,
                 "local": [{"instance_type": "local", "alias": "here"}], "lokal": []}
                """);

        assertThatThrownBy(() -> LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s")).build(), FlowListener.silent()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("runs_per_instance_type: must be ≥ 1")
                .hasMessageContaining("lokal: unknown key 'lokal'");
        try (var files = Files.list(base)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("run.json");
        }
    }

    @Test
    void anOrchestratorThatNeverAnswersIsATimeoutError() throws IOException {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "skip_infra": true, "mock": true,
                 "local": [{"instance_type": "local", "alias": "here"}]}
                """);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s"))
                        .existingOrchestratorUrl(URI.create("http://127.0.0.1:" + closedPort))
                        .apiKey(Secret.of("some-key"))
                        .orchestratorReadyTimeout(Duration.ofSeconds(2)).build(), FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.error()).contains("did not become ready within 2 s");
    }

    @Test
    void skipInfraWithoutAnOrchestratorUrlOrKeyIsAConfigError() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1,
                 "local": [{"instance_type": "local", "alias": "here"}]}
                """);

        assertThatThrownBy(() -> LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s"))
                        .flags(RunFlags.defaults().withSkipInfra(true)).build(), FlowListener.silent()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env BENCHMARK_ORCHESTRATOR_URL: must name the orchestrator")
                .hasMessageContaining("-k/--api-key: is required with --skip-infra");
    }

    @Test
    void theFirstFailingSetupCancelsTheOthersAtOnce() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true, "mock": true,
                 "slow": [{"instance_type": "s", "alias": "s", "vcpus": 1}],
                 "broken": [{"instance_type": "b", "alias": "b", "vcpus": 1}]}
                """);
        SlowSetup slow = new SlowSetup();
        ProviderRegistry registry = ProviderRegistry.of(List.of(slow, new BrokenSetup()));
        long started = System.nanoTime();

        FlowOutcome outcome = LocalRuns.flow(registry)
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s")).assumeYes(true).build(),
                        FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.error()).contains("the broken cloud said no");
        assertThat(slow.cancelled).as("the slow setup was told to stop").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for the slow setup")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRunWithoutProgressFailsClearlyInsteadOfWaitingForever() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true, "mock": true,
                 "slow": [{"instance_type": "nobody-runs-this", "alias": "n", "vcpus": 1}]}
                """);

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.of(List.of(new SlowSetup(Duration.ZERO))))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s"))
                        .flags(RunFlags.defaults()).noProgressTimeout(Duration.ofSeconds(2)).assumeYes(true).build(),
                        FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.error()).contains("made no progress for 2 s").contains("no task was claimed");
    }

    @Test
    void theOverallDeadlineEndsARun() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true, "mock": true,
                 "slow": [{"instance_type": "nobody-runs-this", "alias": "n", "vcpus": 1}]}
                """);

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.of(List.of(new SlowSetup(Duration.ZERO))))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s")).runTimeout(Duration.ofSeconds(2))
                        .assumeYes(true).build(), FlowListener.silent());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.error()).contains("did not finish within 2 s (the run's deadline)");
    }

    @Test
    void machinesWhoseRunnersClaimNothingGetTheirConsoleOutputSavedAndTheRunSaysWhichAndWhere() {
        Path config = writeConfig("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true, "mock": true,
                 "mute": [{"instance_type": "never-boots", "alias": "dead", "vcpus": 1}]}
                """);
        MuteMachines mute = new MuteMachines();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.of(List.of(mute)))
                .run(LocalRuns.options(config, base, LocalRuns.environment("1s")).bootTimeout(Duration.ofMillis(200))
                        .noProgressTimeout(Duration.ofSeconds(3)).assumeYes(true).build(), new FlowListener() {
                            @Override
                            public void warning(String message) {
                                warnings.add(message);
                            }
                        });

        assertThat(outcome.exitCode()).as("the no-progress timeout still ends the run").isEqualTo(1);
        assertThat(mute.asked).as("asked once, for the silent alias").containsExactly(java.util.Set.of("dead"));
        Path log = base.toAbsolutePath().resolve(".benchfleet/runs/" + outcome.runId() + "/logs/mute-console-m-1.log");
        assertThat(log).hasContent("kernel panic: no init found");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("mute: no runner of dead claimed a task"));
        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .contains("mute/dead: machine m-1 claimed no task; its console output is in " + log)
                .contains("kernel panic"));
    }

    /** A pre_orchestrator provider whose one machine never boots: it saves the machine's "console output". */
    static final class MuteMachines implements TaskRunnerProvider {
        final List<java.util.Set<String>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "mute";
        }

        @Override
        public ProviderPhase phase() {
            return ProviderPhase.PRE_ORCHESTRATOR;
        }

        @Override
        public SetupResult setup(ProviderContext context) {
            return SetupResult.of(List.of(new dev.benchfleet.core.spi.StartedResource("machine", "m-1", "")));
        }

        @Override
        public List<dev.benchfleet.core.spi.MachineDiagnosis> diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext context) {
            asked.add(context.silentAliases());
            Path log = context.logsDir().resolve("mute-console-m-1.log");
            try {
                Files.writeString(log, "kernel panic: no init found");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(new dev.benchfleet.core.spi.MachineDiagnosis("dead", "m-1", log, "last line: kernel panic"));
        }
    }

    // These providers are pre_orchestrator, so the runs above pass assumeYes (--yes): the spend guard
    // would otherwise refuse them, there being nobody to ask.

    /** A pre_orchestrator provider whose setup takes a while (a minute by default) unless cancelled; starts nothing. */
    static final class SlowSetup implements TaskRunnerProvider {
        private final Duration takes;
        volatile boolean cancelled;

        SlowSetup() {
            this(Duration.ofMinutes(1));
        }

        SlowSetup(Duration takes) {
            this.takes = takes;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public ProviderPhase phase() {
            return ProviderPhase.PRE_ORCHESTRATOR;
        }

        @Override
        public SetupResult setup(ProviderContext context) {
            try {
                cancelled = context.cancellation().await(takes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.cancellation().throwIfCancelled();
            return SetupResult.of(List.of());
        }
    }

    private Path writeConfig(String json) {
        try {
            return Files.writeString(base.resolve("run.json"), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A post_run provider whose setup fails after the local runners started. */
    static final class BrokenSetup implements TaskRunnerProvider {
        volatile boolean tornDown;

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public ProviderPhase phase() {
            return ProviderPhase.POST_RUN;
        }

        @Override
        public SetupResult setup(ProviderContext context) {
            throw new ExternalException("the broken cloud said no", "try another cloud");
        }

        @Override
        public void teardown(dev.benchfleet.core.spi.TeardownContext context) {
            tornDown = true;
        }
    }
}
