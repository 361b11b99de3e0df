package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.flow.TeardownCoordinator;
import dev.benchfleet.core.host.HostRemoval;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.host.OrchestratorHostRegistry;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.SweepContext;
import dev.benchfleet.core.spi.TaskRunnerProvider;
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

/**
 * {@code nuke <run_id>} / {@code nuke --all [--yes] [--region R]...} / {@code nuke --orchestrator [NAME]}: tear down
 * what runs created, from their journals, and the long-lived cloud orchestrator hosts; {@code --all} then has every
 * provider sweep what is left of any run in its clouds, shared networks included.
 */
@Command(name = "nuke", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Removes everything a run created (task runners, processes, containers), from its journal,",
                "from any process. Prints what it removed and what is left. Exit code: 0 nothing is left (a run",
                "already torn down included), 1 something is left, or bad input (an unknown run, a damaged journal).",
                "The cloud orchestrator host (.benchfleet/orchestrators/) outlives runs: --orchestrator removes it,",
                "--all includes it."})
final class NukeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run to remove (or latest).")
    private String runId;

    @Option(names = "--all", description = "Every run in .benchfleet/runs that is not torn down, then every "
            + "Benchfleet-tagged runner resource and shared network in the clouds' configured regions (not the "
            + "orchestrator host).")
    private boolean all;

    @Option(names = "--region", paramLabel = "REGION", description = "With --all: sweep this region (repeatable); "
            + "default: the configured region (AWS_REGION, the profile's, us-east-1) and every region with a shared "
            + "network folder in .benchfleet/networks/.")
    private List<String> regions = new ArrayList<>();

    @Option(names = "--yes", description = "With --all: do not ask first.")
    private boolean yes;

    @Option(names = "--orchestrator", arity = "0..1", fallbackValue = ALL_HOSTS, paramLabel = "NAME",
            description = "Also (without a run id: only) remove the cloud orchestrator host NAME, e.g. aws-us-east-1, or "
                    + "every one when NAME is left out (terraform destroy, then its folder in .benchfleet/orchestrators/).")
    private String orchestrator;

    private static final String ALL_HOSTS = "(all)";

    private final CliContext cli;

    NukeCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (all == (runId != null) && !(orchestrator != null && runId == null && !all)) {
            cli.err().println("error: give either a run id, --all, or --orchestrator");
            return 1;
        }
        if (!all && !regions.isEmpty()) {
            cli.err().println("error: --region goes with --all (a run's own nuke uses the region in its journal)");
            return 1;
        }
        for (String region : regions) {
            if (!region.matches("[a-z0-9][a-z0-9-]{1,40}")) {
                cli.err().println("error: --region: '" + region + "' is not a region name (e.g. us-east-1, eastus)");
                return 1;
            }
        }
        RunsFolder runs = new RunsFolder(cli.baseDir(), cli.clock());
        try {
            if (all) {
                return nukeAll(runs);
            }
            boolean clean = runId == null || nuke(runs.open(runId));
            if (orchestrator != null) {
                List<StandingHost> hosts = standingHosts(orchestrator);
                if (hosts == null) {
                    return 1;
                }
                clean &= removeHosts(hosts);
            }
            return clean ? 0 : 1;
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
    }

    /** A long-lived orchestrator and the host that keeps it. */
    private record StandingHost(OrchestratorHost host, String name) {
    }

    /** The standing hosts {@code name} selects (all of them for {@link #ALL_HOSTS}); null after an error. */
    private List<StandingHost> standingHosts(String name) {
        List<StandingHost> standing = new ArrayList<>();
        OrchestratorHostRegistry registry = cli.hosts();
        for (String hostName : registry.names()) {
            OrchestratorHost host = registry.find(hostName).orElseThrow();
            host.standing(cli.baseDir()).forEach(kept -> standing.add(new StandingHost(host, kept)));
        }
        if (ALL_HOSTS.equals(name)) {
            if (standing.isEmpty() && !all) {
                cli.err().println("No cloud orchestrator host is kept in " + cli.baseDir().resolve(".benchfleet/orchestrators")
                        + ": nothing to remove.");
            }
            return standing;
        }
        List<StandingHost> chosen = standing.stream().filter(h -> h.name().equals(name)).toList();
        if (chosen.isEmpty()) {
            cli.err().println("error: --orchestrator " + name + ": no such cloud orchestrator host; kept here: "
                    + (standing.isEmpty() ? "none" : String.join(", ", standing.stream().map(StandingHost::name).toList())));
            return null;
        }
        return chosen;
    }

    /** Removes the hosts; true when nothing of them is left. */
    private boolean removeHosts(List<StandingHost> hosts) {
        boolean clean = true;
        for (StandingHost standing : hosts) {
            cli.err().println("==> Removing the orchestrator host " + standing.name() + " (terraform destroy)");
            try {
                HostRemoval removal = standing.host().remove(cli.baseDir(), standing.name(), new HostRemoval.Context(
                        cli.providerEnvironment(), cli.giveUp(),
                        event -> cli.err().println("    [" + event.provider() + "] " + event.message())));
                removal.removed().forEach(line -> cli.err().println("Removed: " + line));
                removal.left().forEach(line -> cli.err().println("Still there: " + line));
                clean &= removal.left().isEmpty();
            } catch (BenchfleetException e) {
                cli.err().println("error: the orchestrator host " + standing.name() + " is still there: " + e.describe());
                clean = false;
            }
        }
        return clean;
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
        List<StandingHost> hosts = standingHosts(orchestrator == null ? ALL_HOSTS : orchestrator);
        if (hosts == null) {
            return 1;
        }
        if (targets.isEmpty()) {
            cli.err().println("No run in " + runs.dir() + " still has anything up.");
        } else {
            cli.err().println("Runs not torn down: " + String.join(", ", targets.stream().map(RunJournal::runId).toList()));
        }
        if (!hosts.isEmpty()) {
            cli.err().println("Cloud orchestrator hosts: " + String.join(", ", hosts.stream().map(StandingHost::name).toList()));
        }
        String what = (targets.isEmpty() ? "" : "everything these " + targets.size() + " run(s) created, ")
                + (hosts.isEmpty() ? "" : "the " + hosts.size() + " orchestrator host(s), ")
                + "and every Benchfleet-tagged runner resource and shared network in the clouds ("
                + (regions.isEmpty() ? "configured regions" : String.join(", ", regions)) + ")";
        if (!yes && !confirm("Remove " + what + "? [y/N] ")) {
            cli.err().println("Nothing removed.");
            return 1;
        }
        boolean clean = damaged == 0;
        for (RunJournal journal : targets) {
            clean &= nuke(journal);
        }
        // After the runs: their runners may still talk to the host while they are torn down.
        clean &= removeHosts(hosts);
        // Last, the clouds' sweep: the shared network can go once nothing uses it.
        return sweepClouds() && clean ? 0 : 1;
    }

    /** Every provider sweeps its clouds for what any run left; true when nothing is left. */
    private boolean sweepClouds() {
        List<String> left = new ArrayList<>();
        for (TaskRunnerProvider provider : cli.providers().providers()) {
            SweepContext context = SweepContext.builder(provider.name(), cli.baseDir()).regions(regions)
                    .environment(cli.providerEnvironment()).cancellation(cli.giveUp())
                    .events(event -> cli.err().println("    [" + event.provider() + "] " + event.message())).build();
            try {
                provider.sweepAll(context).forEach(resource -> left.add(provider.name() + ": " + resource.kind() + " "
                        + resource.id() + (resource.address().isEmpty() ? "" : " (" + resource.address() + ")")));
            } catch (BenchfleetException e) {
                left.add(provider.name() + ": sweep failed: " + e.describe());
            } catch (RuntimeException e) {
                left.add(provider.name() + ": sweep failed: " + e.getMessage());
            }
        }
        if (left.isEmpty()) {
            cli.err().println("Nothing is left: no run has anything up and the clouds' sweeps found nothing.");
            return true;
        }
        cli.err().println("Still there after the sweep (run nuke --all again, or remove by hand):");
        left.forEach(line -> cli.err().println("  - " + line));
        return false;
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
