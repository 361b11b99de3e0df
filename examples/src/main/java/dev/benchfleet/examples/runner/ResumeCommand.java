package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.MasterFlow;
import dev.benchfleet.core.flow.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/** {@code resume <run_id|latest>}: finish a run whose master died. */
@Command(name = "resume", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Re-attaches to a run whose runner.jar died (kill -9, a closed laptop): restarts the",
                "orchestrator on this machine on the run's data folder and port (its task runners are still",
                "retrying), or reconnects to the remote one; re-applies only providers with no recorded state;",
                "monitors, downloads the results and tears down. Refuses a run already torn down, or one whose",
                "config file changed since it started. Prints the JSON summary line last; exit codes as for a run."})
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to resume, or latest.")
    private String runId;

    @Option(names = "--debug", description = "Verbose; leave the task runners up afterwards.")
    private boolean debug;

    private final CliContext cli;

    ResumeCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        FlowOptions options;
        try {
            options = RunnerCommand.base(cli, Path.of("journal")).keepInfrastructure(debug).build();
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
        MasterFlow flow = new MasterFlow(cli.providers(), new RunIds(cli.clock(), new SecureRandom()), cli.clock());
        return RunnerCommand.runFlow(cli, debug, listener -> flow.resume(runId, options, listener));
    }
}
