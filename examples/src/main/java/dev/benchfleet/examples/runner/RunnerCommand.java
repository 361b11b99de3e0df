package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.core.flow.MasterFlow;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.flow.RunPlanner;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.BufferedReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code java -jar examples/runner.jar -c CONFIG}: one benchmark run, from validation to results. */
@Command(name = "benchfleet", mixinStandardHelpOptions = true, versionProvider = RunnerVersion.class,
        sortOptions = false, usageHelpAutoWidth = true, synopsisSubcommandLabel = "[COMMAND]",
        description = {"Runs one benchmark on every instance type of a run config, side by side, and brings the",
                "results back to results/<run_id>/. Progress goes to standard error; the last line on standard",
                "output is a JSON summary. Exit code: 0 all tasks completed, 2 a task failed or the run was",
                "cancelled, 1 bad input or the run itself failed.",
                "A run is remembered in .benchfleet/runs/<run_id>/journal.json (private: 0700/0600), so the",
                "commands below work on it from any later process."},
        footer = {"", "Environment:",
                "  API_KEY                      orchestrator key when -k is not given (and not in the config)",
                "  BENCHMARK_ORCHESTRATOR_URL   the orchestrator to use with --skip-infra",
                "  BENCHFLEET_LOCAL_RUNTIME     local provider: auto (default), docker or process",
                "  BENCHFLEET_TASK_RUNNER_JAR   task runner jar (default: task-runner.jar next to runner.jar)",
                "  BENCHFLEET_ORCHESTRATOR_JAR  jar the cloud orchestrator host runs (default: orchestrator.jar next to runner.jar)",
                "  BENCHFLEET_DOCKER_BASE_IMAGE base of the task runner image (default ruby:<ruby_version>)",
                "  BENCHFLEET_MOCK_DURATION     length of a --mock benchmark, e.g. 2s (default 3s)",
                "  DOCKER_HOST                  the Docker engine the local provider uses",
                "  BENCHFLEET_PROVIDER_PATH     more folders of provider jars, separated like PATH",
                "See README.md for every variable."})
final class RunnerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG", description = "Run config JSON file (required for a run).")
    private Path config;

    @Option(names = {"-k", "--api-key"}, paramLabel = "KEY", description = "Orchestrator API key (or env API_KEY); "
            + "generated when absent with --local-orchestrator.")
    private String apiKey;

    @Option(names = "--local-orchestrator", description = "Run the orchestrator on this machine.")
    private boolean localOrchestrator;

    @Option(names = "--local-orchestrator-tls", description = "Run the orchestrator on this machine over HTTPS with a "
            + "self-signed certificate made at start; the master and the task runners pin it (implies --local-orchestrator).")
    private boolean localOrchestratorTls;

    @Option(names = "--skip-infra", description = "No cloud at all: no orchestrator host, no cloud task runners (local "
            + "runners still start); use the orchestrator at BENCHMARK_ORCHESTRATOR_URL.")
    private boolean skipInfra;

    @Option(names = "--orchestrator-url", paramLabel = "URL", description = "Use the orchestrator at URL (with -k), but "
            + "still provision task runners.")
    private URI orchestratorUrl;

    @Option(names = "--orchestrator-cert-sha256", paramLabel = "HEX", description = "Pin the orchestrator's TLS "
            + "certificate: its SHA-256 fingerprint; any other certificate is refused.")
    private String orchestratorCertSha256;

    @Option(names = "--upgrade-orchestrator", description = "Replace the cloud orchestrator host when it runs another "
            + "orchestrator.jar or other settings than this master's (without it, a differing host is used as it is).")
    private boolean upgradeOrchestrator;

    @Option(names = "--mock", description = "Task runners run a short mock benchmark.")
    private boolean mock;

    @Option(names = "--debug", description = "Verbose; task runners and infrastructure stay up afterwards "
            + "(remove them with: nuke <run_id>).")
    private boolean debug;

    @Option(names = "--non-interactive", description = "Never prompt (a run that costs money starts without asking).")
    private boolean nonInteractive;

    @Option(names = {"-y", "--yes"}, description = "Start a run that costs money without asking (max_cost still applies).")
    private boolean yes;

    @Option(names = "--no-progress-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Fail the run when no task is claimed and no heartbeat arrives for this long (default 30m; 0 = never).")
    private Duration noProgressTimeout = Duration.ofMinutes(30);

    @Option(names = "--boot-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "When a cloud alias's runners claim no task this long after its setup finished, save its "
                    + "machines' console output into the run's logs and say where (default 15m; 0 = never).")
    private Duration bootTimeout = Duration.ofMinutes(15);

    @Option(names = "--deadline", paramLabel = "DURATION", converter = Durations.class,
            description = "Fail the run when it has not finished this long after it started monitoring (default 12h).")
    private Duration deadline = Duration.ofHours(12);

    private final CliContext cli;

    @Option(names = "--provider-path", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "A folder of provider "
            + "jars, searched after providers/ next to runner.jar, ~/.benchfleet/providers/ and BENCHFLEET_PROVIDER_PATH "
            + "(repeatable).")
    void providerPath(List<Path> folders) {
        cli.providerFolders().flag(folders);
    }

    RunnerCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (config == null) {
            cli.err().println("error: Missing required option: '--config=CONFIG'");
            cli.err().println("Try --help for the flags and the commands.");
            return 1;
        }
        LocalOrchestrator.warmUpInBackground(config, localOrchestrator || localOrchestratorTls);
        ProviderRegistry registry;
        FlowOptions options;
        try {
            registry = cli.providers();
            options = options();
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
        MasterFlow flow = new MasterFlow(registry, new RunIds(cli.clock(), new SecureRandom()), cli.clock());
        return runFlow(cli, debug, listener -> flow.run(options, listener));
    }

    /** Runs a flow with the console listener and prints what is left and the summary line last. */
    static int runFlow(CliContext cli, boolean verbose, java.util.function.Function<ConsoleListener, FlowOutcome> flow) {
        try (ConsoleListener listener = new ConsoleListener(cli.err(), cli.terminal(), verbose, cli.tracker())) {
            FlowOutcome outcome = flow.apply(listener);
            listener.close();
            outcome.failure().ifPresent(failure -> cli.err().println("error: " + failure));
            if (!outcome.leftRunning().isEmpty()) {
                cli.err().println("Still running (not removed by this run):");
                outcome.leftRunning().forEach(line -> cli.err().println("  - " + line));
            }
            cli.out().println(RunReport.summaryWithReport(outcome, cli.err(), cli.clock()));
            return outcome.exitCode();
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
    }

    private FlowOptions options() {
        RunFlags flags = new RunFlags(localOrchestrator || localOrchestratorTls, skipInfra, mock, debug, nonInteractive);
        String key = apiKey != null ? apiKey : cli.environment().get("API_KEY");
        FlowOptions.Builder builder = base(cli, config)
                .flags(flags)
                .apiKey(key == null || key.isBlank() ? null : Secret.of(key))
                .orchestratorUrl(orchestratorUrl)
                .orchestratorCertSha256(orchestratorCertSha256)
                .noProgressTimeout(noProgressTimeout)
                .bootTimeout(bootTimeout)
                .runTimeout(deadline)
                .keepInfrastructure(debug)
                .upgradeOrchestrator(upgradeOrchestrator)
                .assumeYes(yes)
                .environment(localOrchestratorTls ? cli.providerEnvironment().with(LocalOrchestrator.TLS, "true")
                        : cli.providerEnvironment())
                .spendApproval(cli.terminal() && System.console() != null
                        ? new ConsoleSpendApproval(new BufferedReader(System.console().reader()), cli.err(), cli.cancellation())
                        : null);
        return builder.build();
    }

    /** Options every flow of the runner shares: environment, hosts, folders, timeouts, Ctrl-C. */
    static FlowOptions.Builder base(CliContext cli, Path config) {
        FlowOptions.Builder builder = FlowOptions.builder(config)
                .environment(cli.providerEnvironment())
                .hosts(cli.hosts())
                .baseDir(cli.baseDir())
                .orchestratorReadyTimeout(Duration.ofMinutes(5))
                .cancellation(cli.cancellation())
                .giveUp(cli.giveUp());
        String url = cli.environment().get(RunPlanner.ORCHESTRATOR_URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            try {
                builder.existingOrchestratorUrl(new URI(url.trim()));
            } catch (URISyntaxException e) {
                throw new ConfigException(Problem.environment(RunPlanner.ORCHESTRATOR_URL_VARIABLE,
                        "is not a URL: " + e.getMessage()), null);
            }
        }
        return builder;
    }
}
