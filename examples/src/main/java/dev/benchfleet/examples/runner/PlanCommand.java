package dev.benchfleet.examples.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.flow.FlowOptions;
import dev.benchfleet.core.flow.RunIds;
import dev.benchfleet.core.flow.RunPlanner;
import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.plan.PlanJson;
import dev.benchfleet.core.plan.PlanText;
import dev.benchfleet.core.plan.Planner;
import dev.benchfleet.core.spi.RunFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * {@code java -jar examples/runner.jar plan -c CONFIG [--json]}: validates a run config and prints
 * what a run would start and what it would cost, creating nothing, with no credentials and no network.
 * The plan itself is core's ({@link Planner}); this command only renders it.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = RunnerVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Shows what a run of CONFIG would start and cost; creates nothing.",
                "Validates the config, then prints per provider and alias: instance type, vCPUs, arch,",
                "runners per instance, instances, tasks, $/hour and the estimated cost (instances x $/hour x",
                "the assumed task length, shown as an assumption). Needs no credentials and no network:",
                "what only a run needs (credentials, tools) is shown as a warning.",
                "Exit code: 0 the config plans, 1 bad input."})
final class PlanCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "CONFIG", description = "Run config JSON file.")
    private Path config;

    @Option(names = "--json", description = "Print the plan as one JSON object (for scripts).")
    private boolean json;

    @Option(names = "--local-orchestrator", description = "Plan a run with the orchestrator on this machine.")
    private boolean localOrchestrator;

    @Option(names = "--skip-infra", description = "Plan a run with an existing orchestrator.")
    private boolean skipInfra;

    private final CliContext cli;

    PlanCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        try {
            // The same options a run gets (environment, orchestrator hosts, folders): building them creates nothing.
            FlowOptions options = RunnerCommand.base(cli, config)
                    .flags(RunFlags.defaults().withLocalOrchestrator(localOrchestrator).withSkipInfra(skipInfra))
                    .build();
            RunPlanner.Preview preview = new RunPlanner(cli.providers(), new RunIds(cli.clock(), new SecureRandom()))
                    .preview(options);
            Plan plan = new Planner().plan(preview.plan(), config.toString(), preview.warnings());
            if (json) {
                cli.out().println(JSON.writeValueAsString(PlanJson.toJson(plan)));
            } else {
                PlanText.lines(plan).forEach(cli.out()::println);
                preview.plan().hostNotes().forEach(note -> cli.out().println("Orchestrator: " + note));
            }
            return 0;
        } catch (BenchfleetException e) {
            return cli.fail(e);
        } catch (JsonProcessingException e) {
            cli.err().println("error: cannot write the plan as JSON: " + e.getOriginalMessage());
            return 1;
        }
    }
}
