package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.core.flow.MasterFlow;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.flow.RunPlanner;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code java -jar examples/runner.jar -c CONFIG}: one benchmark run, from validation to results. */
@Command(name = "benchfleet", mixinStandardHelpOptions = true, versionProvider = RunnerVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs one benchmark on every instance type of a run config, side by side, and brings the",
                "results back to results/<run_id>/. Progress goes to standard error; the last line on standard",
                "output is a JSON summary. Exit code: 0 all tasks completed, 2 a task failed or the run was",
                "cancelled, 1 bad input or the run itself failed."},
        footer = {"", "Environment:",
                "  API_KEY                      orchestrator key when -k is not given (and not in the config)",
                "  BENCHMARK_ORCHESTRATOR_URL   the orchestrator to use with --skip-infra",
                "  BENCHFLEET_LOCAL_RUNTIME     local provider: auto (default), docker or process",
                "  BENCHFLEET_TASK_RUNNER_JAR   task runner jar (default: task-runner.jar next to runner.jar)",
                "  BENCHFLEET_DOCKER_BASE_IMAGE base of the task runner image (default ruby:<ruby_version>)",
                "  BENCHFLEET_MOCK_DURATION     length of a --mock benchmark, e.g. 2s (default 3s)",
                "  DOCKER_HOST                  the Docker engine the local provider uses",
                "See README.md for every variable."})
final class RunnerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "CONFIG", description = "Run config JSON file.")
    private Path config;

    @Option(names = {"-k", "--api-key"}, paramLabel = "KEY", description = "Orchestrator API key (or env API_KEY); "
            + "generated when absent with --local-orchestrator.")
    private String apiKey;

    @Option(names = "--local-orchestrator", description = "Run the orchestrator on this machine.")
    private boolean localOrchestrator;

    @Option(names = "--skip-infra", description = "Provision nothing; use the orchestrator at BENCHMARK_ORCHESTRATOR_URL.")
    private boolean skipInfra;

    @Option(names = "--mock", description = "Task runners run a short mock benchmark.")
    private boolean mock;

    @Option(names = "--debug", description = "Verbose; task runners and infrastructure stay up afterwards.")
    private boolean debug;

    @Option(names = "--non-interactive", description = "Never prompt.")
    private boolean nonInteractive;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final Path runnerJarDir;
    private final CancellationToken cancellation;

    RunnerCommand(Map<String, String> environment, PrintStream out, PrintStream err, Path runnerJarDir,
                  CancellationToken cancellation) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.runnerJarDir = runnerJarDir;
        this.cancellation = cancellation;
    }

    @Override
    public Integer call() {
        ProviderRegistry registry;
        FlowOptions options;
        try {
            registry = ProviderRegistry.discover(RunnerCommand.class.getClassLoader());
            options = options();
        } catch (BenchfleetException e) {
            err.println("error: " + e.describe());
            return 1;
        }
        MasterFlow flow = new MasterFlow(registry, new RunIds(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC());
        try (ConsoleListener listener = new ConsoleListener(err, System.console() != null, debug)) {
            FlowOutcome outcome = flow.run(options, listener);
            listener.close();
            outcome.failure().ifPresent(failure -> err.println("error: " + failure));
            if (!outcome.leftRunning().isEmpty()) {
                err.println("Still running (not removed by this run):");
                outcome.leftRunning().forEach(line -> err.println("  - " + line));
            }
            out.println(outcome.summary());
            return outcome.exitCode();
        } catch (BenchfleetException e) {
            err.println("error: " + e.describe());
            return 1;
        }
    }

    private FlowOptions options() {
        Map<String, String> env = new HashMap<>(environment);
        env.computeIfAbsent("BENCHFLEET_TASK_RUNNER_JAR", name -> defaultTaskRunnerJar());
        env.remove("API_KEY"); // handed over as a Secret, not through the environment
        RunFlags flags = new RunFlags(localOrchestrator, skipInfra, mock, debug, nonInteractive);
        String key = apiKey != null ? apiKey : environment.get("API_KEY");
        FlowOptions.Builder builder = FlowOptions.builder(config)
                .flags(flags)
                .apiKey(key == null || key.isBlank() ? null : Secret.of(key))
                .environment(Environment.of(env))
                .embeddedOrchestrator(new LocalOrchestrator(Duration.ofMinutes(2)))
                .baseDir(Path.of("").toAbsolutePath())
                .orchestratorReadyTimeout(Duration.ofMinutes(5))
                .keepInfrastructure(debug)
                .cancellation(cancellation);
        String url = environment.get(RunPlanner.ORCHESTRATOR_URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            try {
                builder.existingOrchestratorUrl(new URI(url.trim()));
            } catch (URISyntaxException e) {
                throw new dev.benchfleet.core.error.ConfigException(dev.benchfleet.core.error.Problem.environment(
                        RunPlanner.ORCHESTRATOR_URL_VARIABLE, "is not a URL: " + e.getMessage()), null);
            }
        }
        return builder.build();
    }

    private String defaultTaskRunnerJar() {
        Path besideRunner = runnerJarDir.resolve("task-runner.jar");
        if (Files.isRegularFile(besideRunner)) {
            return besideRunner.toString();
        }
        return Path.of("task-runner", "target", "task-runner.jar").toAbsolutePath().toString();
    }
}
