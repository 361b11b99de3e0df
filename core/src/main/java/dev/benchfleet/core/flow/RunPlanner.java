package dev.benchfleet.core.flow;

import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.ValidationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 1 of the master flow: load the config, apply the flags, choose the orchestrator, plan capacity
 * and let every provider validate. Creates, starts and contacts nothing; reports every problem at once.
 */
public final class RunPlanner {

    /** The environment variable that names an existing orchestrator for {@code --skip-infra}. */
    public static final String ORCHESTRATOR_URL_VARIABLE = "BENCHMARK_ORCHESTRATOR_URL";

    private final ProviderRegistry registry;
    private final RunConfigLoader loader;
    private final CapacityPlanner capacityPlanner = new CapacityPlanner();
    private final RunIds ids;

    public RunPlanner(ProviderRegistry registry, RunIds ids) {
        this.registry = registry;
        this.loader = new RunConfigLoader(registry.names());
        this.ids = ids;
    }

    /**
     * Plans the run.
     *
     * @throws ConfigException listing every problem found
     */
    public RunPlan plan(FlowOptions options) {
        RunConfig fileConfig = loader.load(options.configFile());
        RunConfig config = fileConfig.withFlags(merge(fileConfig.flags(), options.flags()));
        List<Problem> problems = new ArrayList<>();

        RunPlan.OrchestratorMode mode = chooseOrchestrator(config.flags(), options, problems);
        Secret apiKey = options.apiKey().or(config::apiKey).orElse(null);
        if (apiKey == null && mode == RunPlan.OrchestratorMode.EXISTING) {
            problems.add(Problem.flag("-k/--api-key", "is required with --skip-infra: the existing orchestrator's key "
                    + "(or set api_key in the config)"));
        }

        List<RunPlan.PlannedProvider> planned = new ArrayList<>();
        for (String name : config.providerNames()) {
            TaskRunnerProvider provider = registry.get(name);
            ProviderConfig slice = config.slice(name);
            ValidationContext context = new ValidationContext(slice, config.flags(), options.environment());
            problems.addAll(provider.validate(context));
            try {
                ProviderCapacity capacity = capacityPlanner.plan(slice, provider.instanceCatalog(), provider.capacityModel());
                planned.add(new RunPlan.PlannedProvider(provider, slice, capacity, provider.describe(context)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("the run (" + options.configFile() + ")", problems);
        }
        return new RunPlan(config, planned, mode, apiKey == null ? Secret.of(ids.newApiKey()) : apiKey);
    }

    private static RunFlags merge(RunFlags file, RunFlags cli) {
        return new RunFlags(file.localOrchestrator() || cli.localOrchestrator(), file.skipInfra() || cli.skipInfra(),
                file.mock() || cli.mock(), file.debug() || cli.debug(), file.nonInteractive() || cli.nonInteractive());
    }

    private static RunPlan.OrchestratorMode chooseOrchestrator(RunFlags flags, FlowOptions options, List<Problem> problems) {
        if (flags.localOrchestrator() && flags.skipInfra()) {
            problems.add(Problem.flag("--local-orchestrator/--skip-infra",
                    "choose one: an orchestrator on this machine, or an existing one"));
            return RunPlan.OrchestratorMode.EMBEDDED;
        }
        if (flags.localOrchestrator()) {
            if (options.embeddedOrchestrator().isEmpty()) {
                problems.add(Problem.flag("--local-orchestrator", "this build has no embedded orchestrator; "
                        + "put benchfleet-orchestrator on the class path"));
            }
            return RunPlan.OrchestratorMode.EMBEDDED;
        }
        if (flags.skipInfra()) {
            URI url = options.existingOrchestratorUrl().orElse(null);
            if (url == null) {
                problems.add(Problem.environment(ORCHESTRATOR_URL_VARIABLE, "must name the orchestrator to use with "
                        + "--skip-infra, e.g. http://orchestrator.example:8080"));
            } else if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                problems.add(Problem.environment(ORCHESTRATOR_URL_VARIABLE, "must be an http(s) URL, got '" + url + "'"));
            }
            return RunPlan.OrchestratorMode.EXISTING;
        }
        problems.add(Problem.flag("--local-orchestrator/--skip-infra", "an orchestrator on AWS (the meta module) "
                + "is not available in this version; run with --local-orchestrator, or with --skip-infra and "
                + ORCHESTRATOR_URL_VARIABLE));
        return RunPlan.OrchestratorMode.EXISTING;
    }
}
