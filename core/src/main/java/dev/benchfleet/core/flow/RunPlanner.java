package dev.benchfleet.core.flow;

import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.host.ExistingHost;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.ValidationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    /** Loads and checks a config file. */
    public RunConfig load(java.nio.file.Path configFile) {
        return loader.load(configFile);
    }

    public RunPlan plan(FlowOptions options) {
        RunConfig fileConfig = loader.load(options.configFile());
        return plan(fileConfig.withFlags(merge(fileConfig.flags(), options.flags())), options, null);
    }

    /**
     * Plans the run for a preview ({@code plan}): problems only a run has — credentials, tools and
     * settings of this machine ({@link Problem#onlyBlocksARun()}) — become warnings instead of errors.
     *
     * @throws ConfigException when the input itself is wrong, listing every problem found
     */
    public Preview preview(FlowOptions options) {
        RunConfig fileConfig = loader.load(options.configFile());
        return check(fileConfig.withFlags(merge(fileConfig.flags(), options.flags())), options, null, true);
    }

    /**
     * A run planned for a preview.
     *
     * @param plan     the run's plan
     * @param warnings problems a run would stop on
     */
    public record Preview(RunPlan plan, List<Problem> warnings) {

        public Preview {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Plans a run from an already merged config (a resumed run: its flags come from the journal) with
     * this API key, or a new one when {@code apiKey} is null and none is given.
     */
    public RunPlan plan(RunConfig config, FlowOptions options, Secret apiKey) {
        return check(config, options, apiKey, false).plan();
    }

    private Preview check(RunConfig config, FlowOptions options, Secret apiKey, boolean lenient) {
        List<Problem> problems = new ArrayList<>();

        boolean cloudRunners = !config.flags().skipInfra() && config.providerNames().stream()
                .anyMatch(name -> registry.get(name).phase() == ProviderPhase.PRE_ORCHESTRATOR);
        HostChoice host = chooseHost(config.flags(), options, cloudRunners, problems);
        options.orchestratorCertSha256().filter(pin -> !dev.benchfleet.protocol.CertificatePinning.isFingerprint(pin))
                .ifPresent(pin -> problems.add(Problem.flag("--orchestrator-cert-sha256",
                        "must be a SHA-256 fingerprint: 64 hex digits (colons allowed), got '" + pin + "'")));
        Secret key = apiKey != null ? apiKey : options.apiKey().or(config::apiKey).orElse(null);
        List<String> hostNotes = List.of();
        if (host.host() != null && host.host().isCloud()) {
            HostContext context = hostContext(config, options, Secret.of("(planning)"));
            problems.addAll(host.host().validate(context));
            hostNotes = host.host().describe(context);
        } else if (key == null && host.host() != null && !OrchestratorHost.EMBEDDED.equals(host.host().name())) {
            problems.add(Problem.credentials("-k/--api-key", "is required with --skip-infra: the existing orchestrator's "
                    + "key (or set api_key in the config)"));
        }

        List<RunPlan.PlannedProvider> planned = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : config.providerNames()) {
            TaskRunnerProvider provider = registry.get(name);
            ProviderConfig slice = config.slice(name);
            if (config.flags().skipInfra() && provider.phase() == ProviderPhase.PRE_ORCHESTRATOR) {
                skipped.add(name + ": skipped (--skip-infra starts no cloud task runners)");
                continue;
            }
            List<Problem> settingProblems = slice.settings().check(provider.settings());
            problems.addAll(settingProblems);
            if (provider.capacityModel() == dev.benchfleet.core.spi.CapacityModel.SINGLE_HOST) {
                for (int i = 0; i < slice.entries().size(); i++) {
                    if (slice.entries().get(i).spot()) {
                        problems.add(new Problem(name + "[" + i + "].spot", "spot capacity is for cloud instances; "
                                + "provider '" + name + "' runs its task runners on this machine (remove \"spot\")"));
                    }
                }
            }
            ValidationContext context = ValidationContext.of(slice, config.flags(), options.environment());
            if (settingProblems.isEmpty()) {
                problems.addAll(provider.validate(context));
            }
            try {
                ProviderCapacity capacity = capacityPlanner.plan(slice, provider.instanceCatalog(), provider.capacityModel());
                planned.add(new RunPlan.PlannedProvider(provider, slice, capacity, provider.describe(context)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (planned.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("$", "no provider is left to run task runners ("
                    + String.join("; ", skipped) + ")"));
        }
        // The host and a provider may find the same thing missing (terraform on the PATH): say it once.
        List<Problem> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(problems));
        problems.clear();
        problems.addAll(distinct);
        boolean blocking = lenient ? problems.stream().anyMatch(p -> !p.onlyBlocksARun()) : !problems.isEmpty();
        if (blocking) {
            throw new ConfigException("the run (" + options.configFile() + ")", problems);
        }
        RunPlan plan = new RunPlan(config, planned, host.host(), host.url(),
                key == null ? Secret.of(ids.newApiKey()) : key, skipped, hostNotes);
        return new Preview(plan, problems);
    }

    /** The host and the URL the user asked for. */
    private record HostChoice(OrchestratorHost host, URI url) {
    }

    private static RunFlags merge(RunFlags file, RunFlags cli) {
        return new RunFlags(file.localOrchestrator() || cli.localOrchestrator(), file.skipInfra() || cli.skipInfra(),
                file.mock() || cli.mock(), file.debug() || cli.debug(), file.nonInteractive() || cli.nonInteractive());
    }

    /**
     * What a host sees before a run exists (validation, {@code plan}, pre-flight): the run's settings, flags and
     * environment, and no run folder.
     */
    static HostContext hostContext(RunConfig config, FlowOptions options, Secret apiKey) {
        java.nio.file.Path base = options.baseDir().toAbsolutePath().normalize();
        return HostContext.builder("(planned)", base.resolve(".benchfleet").resolve("runs").resolve("(planned)"), apiKey)
                .baseDir(base)
                .settings(config.allSettings())
                .upgrade(options.upgradeOrchestrator())
                .flags(config.flags())
                .environment(options.environment())
                .cancellation(options.cancellation())
                .build();
    }

    private static HostChoice chooseHost(RunFlags flags, FlowOptions options, boolean cloudRunners,
                                         List<Problem> problems) {
        if (flags.localOrchestrator() && flags.skipInfra()) {
            problems.add(Problem.flag("--local-orchestrator/--skip-infra",
                    "choose one: an orchestrator on this machine, or an existing one"));
            return new HostChoice(null, null);
        }
        if (flags.localOrchestrator() && options.orchestratorUrl().isPresent()) {
            problems.add(Problem.flag("--local-orchestrator/--orchestrator-url",
                    "choose one: an orchestrator on this machine, or the one at the URL"));
            return new HostChoice(null, null);
        }
        if (flags.localOrchestrator()) {
            Optional<OrchestratorHost> embedded = options.hosts().find(OrchestratorHost.EMBEDDED);
            if (embedded.isEmpty()) {
                problems.add(new Problem("--local-orchestrator", "this build has no embedded orchestrator; "
                        + "put benchfleet-orchestrator on the class path", Problem.Kind.ENVIRONMENT));
            }
            return new HostChoice(embedded.orElse(null), null);
        }
        OrchestratorHost existing = options.hosts().find(OrchestratorHost.EXISTING).orElseGet(ExistingHost::new);
        if (options.orchestratorUrl().isPresent()) {
            URI url = options.orchestratorUrl().get();
            checkUrl(url, Problem.flag("--orchestrator-url", "must be an http(s) URL, got '" + url + "'"), problems);
            return new HostChoice(existing, url);
        }
        if (flags.skipInfra()) {
            URI url = options.existingOrchestratorUrl().orElse(null);
            if (url == null) {
                problems.add(Problem.environment(ORCHESTRATOR_URL_VARIABLE, "must name the orchestrator to use with "
                        + "--skip-infra, e.g. http://orchestrator.example:8080"));
            } else {
                checkUrl(url, Problem.environment(ORCHESTRATOR_URL_VARIABLE, "must be an http(s) URL, got '" + url + "'"),
                        problems);
            }
            return new HostChoice(existing, url);
        }
        List<OrchestratorHost> cloud = options.hosts().cloudHosts();
        if (cloudRunners && cloud.size() == 1) {
            return new HostChoice(cloud.get(0), null);
        }
        if (cloudRunners && cloud.size() > 1) {
            problems.add(new Problem("--local-orchestrator/--orchestrator-url/--skip-infra", "more than one cloud "
                    + "orchestrator host is on the class path (" + String.join(", ", cloud.stream().map(OrchestratorHost::name)
                    .toList()) + "); remove all but one, or run with --orchestrator-url URL", Problem.Kind.ENVIRONMENT));
            return new HostChoice(null, null);
        }
        problems.add(new Problem("--local-orchestrator/--skip-infra", (cloudRunners
                ? "this build has no cloud orchestrator host (put benchfleet-provider-aws on the class path); "
                : "a run without cloud task runners needs an orchestrator named: ")
                + "run with --local-orchestrator, with --orchestrator-url URL, "
                + "or with --skip-infra and " + ORCHESTRATOR_URL_VARIABLE, Problem.Kind.ENVIRONMENT));
        return new HostChoice(null, null);
    }

    private static void checkUrl(URI url, Problem problem, List<Problem> problems) {
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            problems.add(problem);
        }
    }
}
