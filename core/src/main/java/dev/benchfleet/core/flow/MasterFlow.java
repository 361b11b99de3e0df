package dev.benchfleet.core.flow;

import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.journal.JournalEndpoint;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.status.RunStatusFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * The master flow of the provider guide, as a library call: options in, outcome out, a listener for
 * what happens in between.
 * <ol>
 *   <li>load and validate the config and every provider ({@link #plan}): bad input stops here;</li>
 *   <li>start the run's journal ({@code .benchfleet/runs/<run_id>/journal.json}) and status file;</li>
 *   <li>provide the orchestrator through its host; await {@code GET /up} while the
 *       {@code pre_orchestrator} providers set up;</li>
 *   <li>create the run; start {@code post_run} providers; monitor at once;</li>
 *   <li>download and unpack the results into {@code results/<run_id>/};</li>
 *   <li>tear down what the run started, from the journal, or list it with the command that removes it.</li>
 * </ol>
 * {@link #resume} picks up a run whose master died, from its journal. Never exits the process and never
 * reads the environment: {@link FlowOptions} carries everything.
 */
public final class MasterFlow {

    private final ProviderRegistry registry;
    private final RunIds ids;
    private final Clock clock;

    public MasterFlow(ProviderRegistry registry, RunIds ids, Clock clock) {
        this.registry = registry;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Step 1 only: validates everything and returns the plan, creating nothing.
     *
     * @throws ConfigException listing every problem
     */
    public RunPlan plan(FlowOptions options) {
        return new RunPlanner(registry, ids).plan(options);
    }

    /**
     * Runs the whole flow.
     *
     * @throws ConfigException when validation fails (nothing was created)
     * @return how the run ended; failures after validation are reported here, with exit code 1
     */
    public FlowOutcome run(FlowOptions options, FlowListener listener) {
        RunPlan plan = plan(options);
        SpendCheck.beforeCreatingAnything(plan, options, listener);
        preflight(plan, options, listener);
        String runId = ids.newRunId();
        Path base = options.baseDir().toAbsolutePath().normalize();
        String sha256 = sha256(options.configFile());
        RunJournal journal = RunJournal.create(new RunsFolder(base, clock).runDir(runId), clock, runId, base,
                options.configFile(), sha256, plan.config().flags(), options.keepInfrastructure());
        RunStatusFile status = new RunStatusFile(base.resolve("status").resolve(runId + ".json"), clock, runId,
                options.configFile(), sha256, base.resolve("results").resolve(runId));
        return new RunExecution(plan, options, listener, registry, journal, status, clock, false).execute();
    }

    /**
     * Re-attaches to a run whose master died: provides the same orchestrator again (for the embedded one:
     * same data folder, same port, while the runners are still retrying), re-applies only providers
     * without recorded state, monitors, downloads, and tears down.
     *
     * @param runIdOrLatest a run id in {@code .benchfleet/runs/} under {@link FlowOptions#baseDir()}, or {@code latest}
     * @param options       environment, hosts, timeouts, cancellation; its config file and flags are ignored:
     *                      the journal's are used
     * @throws ConfigException when the run is unknown, its journal damaged, it was torn down, or its
     *                         config changed since it started (nothing is touched)
     */
    public FlowOutcome resume(String runIdOrLatest, FlowOptions options, FlowListener listener) {
        Path base = options.baseDir().toAbsolutePath().normalize();
        RunJournal journal = new RunsFolder(base, clock).open(runIdOrLatest);
        String runId = journal.runId();
        if (journal.isTornDown()) {
            throw new ConfigException(new Problem("run " + runId, "was torn down at " + journal.teardown().get().at()
                    + "; there is nothing to resume"), "start a new run with -c " + journal.configFile());
        }
        JournalEndpoint endpoint = journal.orchestrator().orElseThrow(() -> new ConfigException(
                new Problem("run " + runId, "never got as far as an orchestrator; there is nothing to resume"),
                "remove what it may have started with: java -jar runner.jar nuke " + runId));
        Path configFile = journal.configFile();
        String now;
        try {
            now = sha256OrThrow(configFile);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new Problem(configFile.toString(), "the run's config file is gone"),
                    "put it back as it was when run " + runId + " started");
        } catch (IOException e) {
            throw new ConfigException(new Problem(configFile.toString(), "cannot be read: " + e.getMessage()), null);
        }
        if (!now.equals(journal.configSha256())) {
            throw new ConfigException(new Problem(configFile.toString(), "changed since run " + runId + " started "
                    + "(SHA-256 was " + journal.configSha256() + ", is " + now + "); resuming would run another config"),
                    "put the config back as it was, or start a new run");
        }
        FlowOptions resumeOptions = FlowOptions.builder(configFile).from(options)
                .keepInfrastructure(journal.keepInfrastructure() || options.keepInfrastructure())
                .orchestratorUrl(OrchestratorHostNames.isExisting(endpoint.host()) ? endpoint.url() : null)
                .orchestratorCertSha256(endpoint.certSha256().orElse(null))
                .build();
        RunPlanner planner = new RunPlanner(registry, ids);
        RunConfig config = planner.load(configFile).withFlags(journal.flags());
        RunPlan plan = planner.plan(config, resumeOptions, endpoint.apiKey());
        if (!plan.host().name().equals(endpoint.host())) {
            throw new ConfigException(new Problem("run " + runId, "was started with the " + endpoint.host()
                    + " orchestrator host, which this build does not have"), null);
        }
        RunStatusFile status = new RunStatusFile(base.resolve("status").resolve(runId + ".json"), clock, runId,
                configFile, now, journal.baseDir().resolve("results").resolve(runId));
        return new RunExecution(plan, resumeOptions, listener, registry, journal, status, clock, true).execute();
    }

    /**
     * The pre-flight step: every provider may now ask its cloud whether the run can work (credentials,
     * quotas, offered types). Every problem of every provider is reported at once, and nothing is created
     * when there is one. Not part of {@link #plan}, which never touches the network.
     *
     * @throws ConfigException listing every problem
     */
    public void preflight(RunPlan plan, FlowOptions options, FlowListener listener) {
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        for (RunPlan.PlannedProvider planned : plan.providers()) {
            dev.benchfleet.core.spi.PreflightContext context = dev.benchfleet.core.spi.PreflightContext.of(
                    dev.benchfleet.core.spi.ValidationContext.of(planned.config(), plan.config().flags(),
                            options.environment()), options.cancellation(), listener::providerEvent);
            problems.addAll(planned.provider().preflight(context));
        }
        if (plan.host() != null && plan.host().isCloud()) {
            problems.addAll(plan.host().preflight(RunPlanner.hostContext(plan.config(), options, plan.apiKey())));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("the pre-flight check of " + options.configFile(), problems);
        }
    }

    /** The SHA-256 of a file in hex, or the empty string when it cannot be read. */
    static String sha256(Path file) {
        try {
            return sha256OrThrow(file);
        } catch (IOException e) {
            return "";
        }
    }

    static String sha256OrThrow(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Host names as the journal records them. */
    private static final class OrchestratorHostNames {
        static boolean isExisting(String host) {
            return dev.benchfleet.core.host.OrchestratorHost.EXISTING.equals(host);
        }
    }
}
