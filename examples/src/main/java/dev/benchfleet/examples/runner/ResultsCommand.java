package dev.benchfleet.examples.runner;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.flow.ResultsDownloader;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.journal.JournalEndpoint;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.spi.ProviderState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code results <run_id>}: download and unpack a run's results again. */
@Command(name = "results", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Downloads a run's results archive again and unpacks it into results/<run_id>/, from the",
                "orchestrator that holds them. A local run's orchestrator stopped with the run: for an ended run",
                "it is started again for the download on its data folder. Exit 1 when the results cannot be",
                "reached, saying why."})
final class ResultsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run, or latest.")
    private String runId;

    private final CliContext cli;

    ResultsCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        try {
            RunJournal journal = new RunsFolder(cli.baseDir(), cli.clock()).open(runId);
            JournalEndpoint endpoint = journal.orchestrator().orElseThrow(() -> new ExternalException("run "
                    + journal.runId() + " never got an orchestrator, so it has no results"));
            Path resultsDir = journal.baseDir().resolve("results").resolve(journal.runId());
            OrchestratorClient client = OrchestratorClient.create(endpoint.url(), endpoint.apiKey(), endpoint.certSha256());
            if (client.isUp()) {
                return download(journal, client, resultsDir);
            }
            boolean ended = java.util.List.of("completed", "cancelled", "failed").contains(journal.status());
            Optional<OrchestratorHost> embedded = cli.hosts().find(OrchestratorHost.EMBEDDED);
            if (OrchestratorHost.EMBEDDED.equals(endpoint.host()) && ended && embedded.isPresent()) {
                cli.err().println("==> The orchestrator of run " + journal.runId() + " stopped with it; starting it again "
                        + "on its data folder for the download");
                HostContext context = HostContext.builder(journal.runId(), journal.dir().resolve("orchestrator"),
                        endpoint.apiKey()).environment(cli.providerEnvironment()).state(ProviderState.inMemory()).build();
                try (OrchestratorHost.RunningOrchestrator running = embedded.get().provision(context)) {
                    return download(journal, OrchestratorClient.create(running.endpoint().url(), endpoint.apiKey()),
                            resultsDir);
                }
            }
            throw new ExternalException("the orchestrator holding the results of run " + journal.runId() + " at "
                    + endpoint.url() + " is not reachable" + (OrchestratorHost.EMBEDDED.equals(endpoint.host())
                    ? " (it ran inside the runner.jar that started the run, and the run has not ended: "
                    + "finish it with resume " + journal.runId() + ")" : ""),
                    "check that the orchestrator runs and that this machine can reach it");
        } catch (BenchfleetException e) {
            return cli.fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int download(RunJournal journal, OrchestratorClient client, Path resultsDir) throws InterruptedException {
        ResultsDownloader.Downloaded downloaded = new ResultsDownloader(client, cli.clock(), Duration.ofMillis(500),
                cli.cancellation()).download(journal.runId(), null, Duration.ZERO, journal.dir(), resultsDir);
        cli.err().println("Results of run " + journal.runId() + " (" + downloaded.state().status() + "): "
                + downloaded.files() + " files in " + resultsDir);
        cli.out().println(resultsDir);
        return 0;
    }
}
