package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code list}: the runs in {@code .benchfleet/runs/}, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Lists the runs in .benchfleet/runs/ with their phase, status, providers and what is still up."})
final class ListCommand implements Callable<Integer> {

    private static final String FORMAT = "%-18s  %-20s  %-20s  %-10s  %-16s  %s%n";

    private final CliContext cli;

    ListCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        RunsFolder runs = new RunsFolder(cli.baseDir(), cli.clock());
        List<String> ids = runs.ids();
        if (ids.isEmpty()) {
            cli.err().println("No runs in " + runs.dir());
            return 0;
        }
        cli.out().printf(FORMAT, "RUN ID", "STARTED", "PHASE", "STATUS", "PROVIDERS", "STILL UP");
        for (String id : ids) {
            try {
                RunJournal journal = runs.open(id);
                List<String> up = journal.providersStillUp();
                String stillUp = journal.isTornDown() ? "nothing (torn down)"
                        : up.isEmpty() ? "nothing" : String.join(", ", up.stream()
                        .map(p -> p + " (" + journal.providerStatus(p) + ")").toList());
                cli.out().printf(FORMAT, id, journal.createdAt().toString().substring(0, 19) + "Z", journal.phase(),
                        journal.status(), String.join(",", journal.providers()), stillUp);
            } catch (ConfigException e) {
                cli.out().printf(FORMAT, id, "?", "damaged journal", "?", "?", "? (" + e.getMessage() + ")");
            }
        }
        return 0;
    }
}
