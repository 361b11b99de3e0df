package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.MasterFlow;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the end-to-end tests and the benchmark share: the built jars, configs, and a flow wired like the runner's. */
public final class LocalRuns {

    public static final ObjectMapper JSON = new ObjectMapper();

    private LocalRuns() {
    }

    /** The examples folder, where the build put runner.jar and task-runner.jar. */
    public static Path examplesDir() {
        return Path.of(System.getProperty("benchfleet.examplesDir", "examples")).toAbsolutePath();
    }

    public static Path taskRunnerJar() {
        return examplesDir().resolve("task-runner.jar");
    }

    /** The environment a local run gets: the process runtime, short mock benchmarks, this machine's PATH. */
    public static Map<String, String> environment(String mockDuration) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("BENCHFLEET_TASK_RUNNER_JAR", taskRunnerJar().toString());
        env.put("BENCHFLEET_LOCAL_RUNTIME", "process");
        env.put("BENCHFLEET_MOCK_DURATION", mockDuration);
        env.put("BENCHFLEET_HEARTBEAT_INTERVAL", "1s");
        env.put("BENCHFLEET_ORCHESTRATOR_HEARTBEAT_TIMEOUT", "60s");
        return env;
    }

    /** Writes a local mock config: {@code runs} tasks on one entry with {@code runners} runners. */
    public static Path localConfig(Path dir, int runs, int runners, int vcpus) {
        String json = """
                {"ruby_version": "3.4.7", "runs_per_instance_type": %d, "task_runners": {"count": %d},
                 "local_orchestrator": true, "mock": true,
                 "local": [{"instance_type": "local", "alias": "here", "vcpus": %d}]}
                """.formatted(runs, runners, vcpus);
        try {
            return Files.writeString(dir.resolve("run.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowOptions.Builder options(Path config, Path baseDir, Map<String, String> env) {
        return FlowOptions.builder(config)
                .environment(Environment.of(env))
                .baseDir(baseDir)
                .pollInterval(Duration.ofMillis(200))
                .orchestratorReadyTimeout(Duration.ofSeconds(30))
                .runTimeout(Duration.ofMinutes(5));
    }

    public static MasterFlow flow(ProviderRegistry registry) {
        return new MasterFlow(registry, new RunIds(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC());
    }

    /** Folders of {@code results/<run_id>/}: one per task. */
    public static List<Path> taskFolders(Path resultsDir) throws IOException {
        try (Stream<Path> files = Files.list(resultsDir)) {
            return files.filter(Files::isDirectory).sorted().toList();
        }
    }

    public static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Task runner processes of a run still alive under this JVM. */
    public static List<ProcessHandle> runnersAlive(String runId) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(runId)).orElse(false))
                .toList();
    }
}
