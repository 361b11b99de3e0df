package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.flow.TeardownCoordinator;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.spi.ProviderEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nuke <run_id>} / {@code nuke --all [--yes]}: tear down what runs created, from their journals. */
@Command(name = "nuke", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Removes everything a run created (task runners, processes, containers), from its journal,",
                "from any process. Prints what it removed and what is left. Exit code: 0 nothing is left (a run",
                "already torn down included), 1 something is left, or bad input (an unknown run, a damaged journal)."})
final class NukeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run to remove (or latest).")
    private String runId;

    @Option(names = "--all", description = "Every run in .benchfleet/runs that is not torn down.")
    private boolean all;

    @Option(names = "--yes", description = "With --all: do not ask first.")
    private boolean yes;

    private final CliContext cli;

    NukeCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (all == (runId != null)) {
            cli.err().println("error: give either a run id or --all");
            return 1;
        }
        RunsFolder runs = new RunsFolder(cli.baseDir(), cli.clock());
        try {
            return all ? nukeAll(runs) : nuke(runs.open(runId)) ? 0 : 1;
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
    }

    private int nukeAll(RunsFolder runs) {
        List<RunJournal> targets = new ArrayList<>();
        int damaged = 0;
        for (String id : runs.ids()) {
            try {
                RunJournal journal = runs.open(id);
                if (!journal.isTornDown()) {
                    targets.add(journal);
                }
            } catch (ConfigException e) {
                damaged++;
                cli.err().println("skipping run " + id + ": " + e.describe());
            }
        }
        if (targets.isEmpty()) {
            cli.err().println("Nothing is left: no run in " + runs.dir() + " still has anything up.");
            return damaged == 0 ? 0 : 1;
        }
        cli.err().println("Runs not torn down: " + String.join(", ", targets.stream().map(RunJournal::runId).toList()));
        if (!yes && !confirm("Remove everything these " + targets.size() + " run(s) created? [y/N] ")) {
            cli.err().println("Nothing removed.");
            return 1;
        }
        boolean clean = damaged == 0;
        for (RunJournal journal : targets) {
            clean &= nuke(journal);
        }
        return clean ? 0 : 1;
    }

    private boolean confirm(String question) {
        if (!cli.terminal()) {
            cli.err().println("error: nuke --all asks first, and there is no terminal to ask on; add --yes");
            return false;
        }
        cli.err().print(question);
        cli.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Tears one run down; true when nothing is left. */
    private boolean nuke(RunJournal journal) {
        String id = journal.runId();
        if (journal.isTornDown()) {
            cli.err().println("Nothing is left of run " + id + ": it was torn down at " + journal.teardown().get().at() + ".");
            return true;
        }
        FlowListener listener = new FlowListener() {
            @Override
            public void step(String message) {
                cli.err().println("==> " + message);
            }

            @Override
            public void providerEvent(ProviderEvent event) {
                cli.err().println("    [" + event.provider() + "] " + event.message());
            }
        };
        TeardownCoordinator.Report report = new TeardownCoordinator(cli.providers(), cli.providerEnvironment(), listener,
                cli.giveUp()).tearDown(journal);
        if (!report.removed().isEmpty()) {
            cli.err().println("Removed (run " + id + "):");
            report.removed().forEach(line -> cli.err().println("  - " + line));
        }
        if (report.left().isEmpty()) {
            cli.err().println("Run " + id + " is torn down: nothing is left.");
            return true;
        }
        cli.err().println("Still there (run " + id + "):");
        report.left().forEach(line -> cli.err().println("  - " + line));
        return false;
    }
}
