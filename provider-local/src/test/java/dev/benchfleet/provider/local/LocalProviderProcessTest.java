package dev.benchfleet.provider.local;

import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process runtime, with a fake {@code java} that records what it was asked to run. */
class LocalProviderProcessTest {

    private static final String KEY = "k3y-that-must-not-leak";
    private static final String RUNNER_TOKEN = "bfr1.100000000012345678.stand-in";
    private static final String PIN = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void withoutAClassDataSharingArchiveRunnersStartWithoutOne() throws Exception {
        Path jar = Files.writeString(dir.resolve("task-runner.jar"), "not really a jar");
        ProcessRuntime runtime = new ProcessRuntime(LocalSettings.from(Environment.of(Map.of()), Path.of("java")), jar);
        assertThat(runtime.jvmOptions()).containsExactlyElementsOf(ProcessRuntime.JVM_OPTIONS);
        Files.writeString(dir.resolve(ProcessRuntime.CDS_ARCHIVE), "x");
        assertThat(runtime.jvmOptions()).contains("-XX:SharedArchiveFile=" + dir.resolve(ProcessRuntime.CDS_ARCHIVE).toAbsolutePath());
    }

    @Test
    void runnersGetTheJarByTheAbsoluteNormalizedPathTheClassDataSharingArchiveWasDumpedWith() throws Exception {
        Path fakeJava = fakeJava();
        Files.createDirectories(dir.resolve("sub"));
        Path jar = Files.writeString(dir.resolve("task-runner.jar"), "not really a jar");
        Files.writeString(dir.resolve(ProcessRuntime.CDS_ARCHIVE), "not really an archive");
        Path roundabout = dir.resolve("sub").resolve("..").resolve("task-runner.jar");
        LocalProvider provider = new LocalProvider(2, fakeJava);
        ProviderContext context = context(provider, roundabout, 2, RunFlags.defaults().withMock(true));

        SetupResult result = provider.setup(context);

        try {
            // a JDK 17 archive serves only the class path string it was dumped with: the build dumps it by this path
            assertThat(awaitCalls(3)).allSatisfy(args -> {
                assertThat(args).containsSubsequence("-jar", jar.toAbsolutePath().normalize().toString());
                assertThat(args).contains("-XX:SharedArchiveFile="
                        + dir.resolve(ProcessRuntime.CDS_ARCHIVE).toAbsolutePath().normalize());
                assertThat(args).doesNotContain(roundabout.toString());
            });
        } finally {
            provider.teardown(TeardownContext.builder("local", context.runId(), context.workDir())
                    .state(ProviderState.inMemory(context.state().load().orElseThrow())).build());
        }
        assertThat(result.started()).hasSize(3);
    }

    @Test
    void startsOneRunnerPerCapacitySlotWithTheGuidesArgumentsAndTearsThemDown() throws Exception {
        Path fakeJava = fakeJava();
        Path jar = Files.writeString(dir.resolve("task-runner.jar"), "not really a jar");
        Path archive = Files.writeString(dir.resolve(ProcessRuntime.CDS_ARCHIVE), "not really an archive");
        LocalProvider provider = new LocalProvider(2, fakeJava);
        ProviderContext context = context(provider, jar, 2, RunFlags.defaults().withMock(true));

        SetupResult result = provider.setup(context);

        assertThat(result.started()).hasSize(3).allSatisfy(r -> assertThat(r.kind()).isEqualTo("process"));
        List<List<String>> calls = awaitCalls(3);
        assertThat(calls).allSatisfy(args -> {
            assertThat(args).containsSubsequence("-jar", jar.toString());
            // the class-data sharing archive next to the jar, and the start-up options, come before -jar
            assertThat(args).containsSubsequence("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-jar");
            assertThat(args).containsSubsequence("-XX:TieredStopAtLevel=1", "-jar");
            assertThat(args).containsSubsequence("--orchestrator-url", "http://127.0.0.1:9999/");
            assertThat(args).containsSubsequence("--run-id", "100000000012345678");
            assertThat(args).containsSubsequence("--provider", "local");
            assertThat(args).contains("--mock", "API_KEY=set", "BENCHFLEET_MOCK_DURATION=1s");
            assertThat(args).as("runners get the run's token, not the admin key").contains("API_KEY=" + RUNNER_TOKEN);
            assertThat(args).containsSubsequence("--orchestrator-cert-sha256", PIN);
            assertThat(String.join(" ", args)).doesNotContain(KEY).doesNotContain("--api-key");
        });
        assertThat(calls).filteredOn(args -> args.contains("small")).hasSize(2);
        assertThat(calls).filteredOn(args -> args.contains("big")).hasSize(1);
        if (context.environment().findExecutable("taskset").isPresent()) {
            assertThat(calls).extracting(args -> args.get(args.size() - 1))
                    .containsExactlyInAnyOrder("Cpus_allowed_list:\t0", "Cpus_allowed_list:\t1", "Cpus_allowed_list:\t0");
        }
        List<Long> pids = result.started().stream().map(StartedResource::id).map(Long::parseLong).toList();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

        assertThat(context.state().load()).as("every runner is recorded with its pid and start time").hasValueSatisfying(
                state -> assertThat(state.path("runners")).hasSize(3).allSatisfy(runner -> {
                    assertThat(runner.path("pid").asLong()).isIn(pids);
                    assertThat(runner.path("started_at").asText()).isNotBlank();
                }));
        // A new provider instance, given only the recorded state, as in a new process.
        LocalProvider fresh = new LocalProvider(2, fakeJava);
        TeardownContext fromJournal = TeardownContext.builder("local", context.runId(), context.workDir())
                .state(ProviderState.inMemory(context.state().load().orElseThrow())).build();
        assertThat(fresh.remaining(fromJournal)).hasSize(3);

        fresh.teardown(fromJournal);
        fresh.teardown(fromJournal);

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(
                java.util.Optional.empty(), java.util.Optional.of(false)));
        assertThat(fresh.remaining(fromJournal)).isEmpty();
    }

    @Test
    void aRecordedPidWhoseStartTimeDiffersIsAnotherProcessAndIsLeftAlone() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "30").start();
        try {
            var state = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            state.put("runtime", "process");
            var runner = state.putArray("runners").addObject();
            runner.put("name", "benchfleet-100000000012345678-x-1");
            runner.put("pid", bystander.pid());
            runner.put("started_at", bystander.info().startInstant().orElseThrow().minusSeconds(3600).toString());
            TeardownContext context = TeardownContext.builder("local", "100000000012345678", dir)
                    .state(ProviderState.inMemory(state)).build();
            LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));

            assertThat(provider.remaining(context)).as("a reused pid is not our runner").isEmpty();
            provider.teardown(context);

            assertThat(bystander.isAlive()).as("the process that reused the pid survives").isTrue();
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aRunnerOfTheRunThatTheRecordMissesIsFoundByItsArgumentsAndStopped() throws Exception {
        // As a master killed between starting a runner and recording it would leave it. "read" is a builtin
        // waiting on the open stdin pipe: nothing is forked, so no short-lived child carries the same arguments.
        // A fresh id: the sweep must not meet the stand-ins of a parallel build of this same test.
        String runId = String.valueOf(100_000_000_000_000_000L + new java.security.SecureRandom().nextLong(800_000_000_000_000_000L));
        String otherRunId = String.valueOf(Long.parseLong(runId) + 1);
        Process unrecorded = new ProcessBuilder("bash", "-c", "read -r line", "--run-id", runId,
                "--provider", "local").start();
        Process otherRun = new ProcessBuilder("bash", "-c", "read -r line", "--run-id", otherRunId,
                "--provider", "local").start();
        try {
            var state = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            state.put("runtime", "process");
            state.putArray("runners");
            TeardownContext context = TeardownContext.builder("local", runId, dir)
                    .state(ProviderState.inMemory(state)).build();
            LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));

            assertThat(provider.remaining(context)).extracting(StartedResource::id)
                    .containsExactly(String.valueOf(unrecorded.pid()));
            provider.teardown(context);

            assertThat(unrecorded.waitFor(15, TimeUnit.SECONDS)).as("the unrecorded runner is stopped").isTrue();
            assertThat(provider.remaining(context)).isEmpty();
            assertThat(otherRun.isAlive()).as("another run's runner is left alone").isTrue();
        } finally {
            unrecorded.destroyForcibly();
            otherRun.destroyForcibly();
        }
    }

    @Test
    void validationNamesTheMissingJarAndABadRuntime() {
        LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));
        ProviderConfig config = new ProviderConfig("local", List.of(InstanceEntry.of("docker", "me")), 1, TaskRunnerCount.unset());

        List<Problem> noJar = provider.validate(ValidationContext.of(config, RunFlags.defaults().withMock(true),
                Environment.of(Map.of(LocalSettings.RUNTIME, "process"))));
        List<Problem> badRuntime = provider.validate(ValidationContext.of(config, RunFlags.defaults().withMock(true),
                Environment.of(Map.of(LocalSettings.RUNTIME, "kubernetes"))));
        List<Problem> missingJar = provider.validate(ValidationContext.of(config, RunFlags.defaults().withMock(true),
                Environment.of(Map.of(LocalSettings.RUNTIME, "process", LocalSettings.TASK_RUNNER_JAR, dir.resolve("no.jar").toString()))));

        assertThat(noJar).extracting(Problem::toString).containsExactly(
                "env BENCHFLEET_TASK_RUNNER_JAR: is not set: point it at the task runner jar (./mvnw package builds task-runner/target/task-runner.jar)");
        assertThat(badRuntime).extracting(Problem::toString).containsExactly(
                "env BENCHFLEET_LOCAL_RUNTIME: must be auto, docker or process, got 'kubernetes'");
        assertThat(missingJar).extracting(Problem::path).containsExactly("env BENCHFLEET_TASK_RUNNER_JAR");
    }

    @Test
    void theRealBenchmarkOnTheProcessRuntimeNeedsRubyAndGitOnThePath() throws IOException {
        Path jar = Files.writeString(dir.resolve("task-runner.jar"), "x");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\n");
        git.toFile().setExecutable(true);
        LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));
        ProviderConfig config = new ProviderConfig("local", List.of(InstanceEntry.of("local", "me")), 1, TaskRunnerCount.unset());
        Environment env = Environment.of(Map.of(LocalSettings.RUNTIME, "process", LocalSettings.TASK_RUNNER_JAR,
                jar.toString(), "PATH", bin.toString()));

        assertThat(provider.validate(ValidationContext.of(config, RunFlags.defaults(), env)))
                .extracting(Problem::toString).containsExactly("env PATH: the real benchmark (no --mock) runs ruby-bench "
                        + "with this machine's ruby (process runtime), but there is no ruby on the PATH — install it "
                        + "(Debian: apt-get install ruby), or run with --mock");
        assertThat(provider.validate(ValidationContext.of(config, RunFlags.defaults().withMock(true), env))).isEmpty();
    }

    @Test
    void askingForDockerWithoutAnEngineIsAProblemAndDescribeSaysWhy() throws IOException {
        Path jar = Files.writeString(dir.resolve("task-runner.jar"), "x");
        LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));
        ProviderConfig config = new ProviderConfig("local", List.of(InstanceEntry.of("docker", "me")), 1, TaskRunnerCount.unset());
        Environment env = Environment.of(Map.of(LocalSettings.RUNTIME, "docker", LocalSettings.TASK_RUNNER_JAR, jar.toString(),
                LocalSettings.DOCKER, dir.resolve("no-docker-here").toString()));
        ValidationContext context = ValidationContext.of(config, RunFlags.defaults().withMock(true), env);

        assertThat(provider.validate(context)).extracting(Problem::path).containsExactly("env BENCHFLEET_LOCAL_RUNTIME");
        assertThat(provider.describe(ValidationContext.of(config, RunFlags.defaults(), env.with(LocalSettings.RUNTIME, "auto"))))
                .containsExactly("runtime: process (no Docker engine answers `docker info`)");
    }

    @Test
    void setupRefusesWhatValidationWouldRefuse() {
        LocalProvider provider = new LocalProvider(2, Path.of("/bin/true"));
        ProviderContext context = context(provider, dir.resolve("missing.jar"), 1, RunFlags.defaults());

        assertThatThrownBy(() -> provider.setup(context)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BENCHFLEET_TASK_RUNNER_JAR");
    }

    private ProviderContext context(LocalProvider provider, Path jar, int cap, RunFlags flags) {
        ProviderConfig config = new ProviderConfig("local", List.of(InstanceEntry.of("small", "small"),
                InstanceEntry.withVcpus("big", "big", 1)), 4, TaskRunnerCount.perProvider(Map.of("local", cap)));
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        Map<String, String> env = new HashMap<>(Map.of(
                LocalSettings.RUNTIME, "process",
                LocalSettings.TASK_RUNNER_JAR, jar.toString(),
                "BENCHFLEET_MOCK_DURATION", "1s",
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        env.put("FAKE_JAVA_LOG_DIR", dir.toString());
        return ProviderContext.builder(config, capacity).flags(flags).environment(Environment.of(env))
                .runId("100000000012345678").orchestratorUrl(URI.create("http://127.0.0.1:9999/")).apiKey(Secret.of(KEY))
                .runnerToken(Secret.of(RUNNER_TOKEN)).orchestratorCertSha256(PIN)
                .rubyVersion("3.4.7").workDir(dir.resolve("work")).cancellation(new CancellationToken())
                .events(EventSink.discard()).build();
    }

    private Path fakeJava() throws IOException {
        Path script = dir.resolve("fake-java.sh");
        try (InputStream in = getClass().getResourceAsStream("fake-java.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().setExecutable(true);
        return script;
    }

    private List<List<String>> awaitCalls(int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<Path> logs;
            try (Stream<Path> files = Files.list(dir)) {
                logs = files.filter(f -> f.toString().endsWith(".args")).toList();
            }
            if (logs.size() >= count) {
                List<List<String>> calls = new ArrayList<>();
                for (Path log : logs) {
                    calls.add(Files.readAllLines(log));
                }
                return calls;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the fake java was not started " + count + " times within 20 s");
    }
}
