package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.config.RunConfigJson;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.results.ResultsArchive;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.status.RunStatusFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** One run of the master flow after validation. Holds the run's state; used once. */
final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final Duration UP_POLL = Duration.ofMillis(200);
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(30);
    private static final RunState.TaskCounts NO_TASKS = new RunState.TaskCounts(0, 0, 0, 0, 0, 0, 0);

    private final RunPlan plan;
    private final FlowOptions options;
    private final FlowListener listener;
    private final String runId;
    private final Clock clock;
    private final Path workDir;
    private final Path resultsDir;
    private final RunStatusFile status;
    /** Cancelled on Ctrl-C or when a part of the run fails: tells providers to stop. */
    private final CancellationToken providerCancellation = new CancellationToken();
    private final Map<RunPlan.PlannedProvider, ProviderContext> contexts = new LinkedHashMap<>();
    private final Map<RunPlan.PlannedProvider, Future<SetupResult>> setups = new LinkedHashMap<>();
    private final Map<String, SetupResult> setupResults = new LinkedHashMap<>();
    private final ExecutorService setupThreads;

    private EmbeddedOrchestrator.Running embedded;
    private OrchestratorClient client;
    private URI orchestratorUrl;
    private URI dashboardUrl;
    private boolean runCreated;
    private RunState lastState;

    RunExecution(RunPlan plan, FlowOptions options, FlowListener listener, String runId, Clock clock) {
        this.plan = plan;
        this.options = options;
        this.listener = listener;
        this.runId = runId;
        this.clock = clock;
        Path base = options.baseDir().toAbsolutePath().normalize();
        this.workDir = base.resolve(".benchfleet").resolve("runs").resolve(runId);
        this.resultsDir = base.resolve("results").resolve(runId);
        this.status = new RunStatusFile(base.resolve("status").resolve(runId + ".json"), clock, runId,
                options.configFile(), sha256(options.configFile()), resultsDir);
        AtomicInteger threadNumber = new AtomicInteger();
        this.setupThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "benchfleet-setup-" + runId + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    FlowOutcome execute() {
        String outcomeStatus;
        int exitCode;
        String error = "";
        List<String> leftRunning = new ArrayList<>();
        try {
            status.phase("starting");
            listener.step("Run " + runId + ": " + plan.config().totalTasks() + " tasks on "
                    + String.join(", ", plan.config().providerNames()));
            plan.notes().forEach(listener::step);
            startOrchestrator();
            startProviders(ProviderPhase.PRE_ORCHESTRATOR);
            waitForOrchestrator();
            createRun();
            startProviders(ProviderPhase.POST_RUN);
            awaitSetups();
            RunState finalState = monitor();
            fetchResults(finalState);
            outcomeStatus = finalState.status();
            exitCode = finalState.tasks().failed() == 0 && "completed".equals(outcomeStatus) ? 0 : 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            providerCancellation.cancel();
            error = "interrupted";
            outcomeStatus = "failed";
            exitCode = 1;
        } catch (CancellationToken.CancelledException e) {
            listener.step("Cancelled: stopping the run");
            stopRunQuietly();
            outcomeStatus = "cancelled";
            exitCode = 2;
        } catch (BenchfleetException e) {
            providerCancellation.cancel();
            error = e.describe();
            LOG.debug("run {} failed", runId, e);
            stopRunQuietly();
            outcomeStatus = "failed";
            exitCode = 1;
        } catch (RuntimeException e) {
            providerCancellation.cancel();
            error = "internal error: " + e;
            LOG.error("run {} failed with an internal error", runId, e);
            stopRunQuietly();
            outcomeStatus = "failed";
            exitCode = 1;
        } finally {
            providerCancellation.cancel();
            leftRunning.addAll(tearDown());
            closeOrchestrator();
            setupThreads.shutdownNow();
        }
        status.finished(outcomeStatus, exitCode, error);
        RunState.TaskCounts tasks = lastState == null ? NO_TASKS : lastState.tasks();
        return new FlowOutcome(runId, outcomeStatus, tasks, exitCode, orchestratorUrl, dashboardUrl, status.path(),
                resultsDir, error, leftRunning);
    }

    private void startOrchestrator() {
        checkCancelled();
        if (plan.mode() == RunPlan.OrchestratorMode.EMBEDDED) {
            listener.step("Starting the orchestrator on this machine");
            EmbeddedOrchestrator factory = options.embeddedOrchestrator()
                    .orElseThrow(() -> new InternalException("validation let a local orchestrator through without one"));
            try {
                embedded = factory.start(plan.apiKey(), workDir.resolve("orchestrator"));
            } catch (BenchfleetException e) {
                throw e;
            } catch (Exception e) {
                throw new ExternalException("the orchestrator on this machine did not start: " + e.getMessage(),
                        "see the log above; is the port free?", e);
            }
            orchestratorUrl = embedded.url();
            dashboardUrl = embedded.dashboardUrl();
        } else {
            orchestratorUrl = options.existingOrchestratorUrl()
                    .orElseThrow(() -> new InternalException("validation let --skip-infra through without a URL"));
            dashboardUrl = orchestratorUrl;
        }
        client = OrchestratorClient.create(orchestratorUrl, plan.apiKey());
        status.orchestrator(orchestratorUrl.toString(), dashboardUrl.toString());
        listener.step("Orchestrator: " + orchestratorUrl + "  dashboard: " + dashboardUrl);
    }

    private void startProviders(ProviderPhase phase) {
        for (RunPlan.PlannedProvider planned : plan.inPhase(phase)) {
            checkCancelled();
            String name = planned.provider().name();
            ProviderContext context = new ProviderContext(planned.config(), planned.capacity(), plan.config().flags(),
                    options.environment(), runId, orchestratorUrl, plan.apiKey(), plan.config().rubyVersion(),
                    workDir.resolve(name), providerCancellation, listener::providerEvent);
            contexts.put(planned, context);
            listener.step("Starting " + name + " task runners: " + planned.capacity().totalContainers()
                    + " runner(s) on " + planned.capacity().totalInstances() + " instance(s)");
            status.provider(name, "starting", List.of(), "");
            setups.put(planned, setupThreads.submit(() -> {
                Files.createDirectories(context.workDir());
                return planned.provider().setup(context);
            }));
        }
    }

    private void waitForOrchestrator() {
        listener.step("Waiting for the orchestrator at " + orchestratorUrl);
        status.phase("waiting for orchestrator");
        Instant deadline = clock.instant().plus(options.orchestratorReadyTimeout());
        try {
            while (!client.isUp()) {
                failFastOnSetupError();
                if (clock.instant().isAfter(deadline)) {
                    throw new ExternalException("the orchestrator at " + orchestratorUrl + " did not become ready within "
                            + options.orchestratorReadyTimeout().toSeconds() + " s (GET /up)",
                            "check that it runs and that this machine can reach it");
                }
                sleep(UP_POLL);
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private void createRun() {
        checkCancelled();
        status.phase("creating run");
        try {
            int tasks = client.createRun(RunConfigJson.createRunBody(plan.config(), runId));
            runCreated = true;
            listener.step("Created run " + runId + " with " + tasks + " tasks");
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private void awaitSetups() {
        status.phase("waiting for provider setup");
        Instant deadline = clock.instant().plus(options.setupTimeout());
        for (Map.Entry<RunPlan.PlannedProvider, Future<SetupResult>> setup : setups.entrySet()) {
            String name = setup.getKey().provider().name();
            while (true) {
                checkCancelled();
                try {
                    SetupResult result = setup.getValue().get(options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    recordSetup(name, result);
                    break;
                } catch (TimeoutException e) {
                    if (clock.instant().isAfter(deadline)) {
                        throw new ExternalException(name + " setup did not finish within "
                                + options.setupTimeout().toMinutes() + " min");
                    }
                } catch (ExecutionException e) {
                    throw setupFailure(name, e.getCause());
                } catch (InterruptedException e) {
                    throw interrupted(e);
                }
            }
        }
    }

    private void recordSetup(String name, SetupResult result) {
        setupResults.put(name, result);
        List<String> started = result.started().stream().map(RunExecution::describe).toList();
        status.provider(name, "started", started, result.teardownHint());
        listener.step(name + " is set up" + (started.isEmpty() ? "" : ": " + String.join(", ", started)));
    }

    /** While waiting for the orchestrator, a setup that already failed ends the wait. */
    private void failFastOnSetupError() {
        for (Map.Entry<RunPlan.PlannedProvider, Future<SetupResult>> setup : setups.entrySet()) {
            Future<SetupResult> future = setup.getValue();
            if (future.isDone()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw setupFailure(setup.getKey().provider().name(), e.getCause());
                } catch (InterruptedException e) {
                    throw interrupted(e);
                }
            }
        }
        checkCancelled();
    }

    private RunState monitor() {
        status.phase("monitoring");
        listener.step("Monitoring run " + runId);
        Instant deadline = clock.instant().plus(options.runTimeout());
        Duration unreachableFor = Duration.ZERO;
        Duration tolerance = Duration.ofSeconds(Math.max(30, options.pollInterval().toSeconds() * 20));
        try {
            while (true) {
                checkCancelled();
                try {
                    RunState state = client.run(runId);
                    unreachableFor = Duration.ZERO;
                    if (lastState == null || !state.equals(lastState)) {
                        lastState = state;
                        status.tasks(state);
                        listener.progress(state);
                    }
                    if (state.isFinished()) {
                        return state;
                    }
                } catch (ExternalException e) {
                    unreachableFor = unreachableFor.plus(options.pollInterval());
                    if (unreachableFor.compareTo(tolerance) > 0) {
                        throw e;
                    }
                    listener.warning("orchestrator not answering (" + e.getMessage() + "); retrying");
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new ExternalException("run " + runId + " did not finish within " + options.runTimeout().toHours()
                            + " h", "look at the dashboard: " + dashboardUrl);
                }
                sleep(options.pollInterval());
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private void fetchResults(RunState finished) throws InterruptedException {
        status.phase("downloading results");
        RunState state = finished;
        Instant deadline = clock.instant().plus(ARCHIVE_WAIT);
        while (state.archiveUrl(orchestratorUrl).isEmpty()) {
            if (clock.instant().isAfter(deadline)) {
                throw new ExternalException("run " + runId + " ended (" + state.status() + ") but the orchestrator "
                        + "offers no results archive (gzip_url is null)");
            }
            sleep(options.pollInterval());
            state = client.run(runId);
        }
        lastState = state;
        URI archiveUrl = state.archiveUrl(orchestratorUrl).orElseThrow();
        listener.step("Downloading results");
        Path archive = workDir.resolve("results.tar.gz");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new InternalException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        client.download(archiveUrl, archive);
        int files = ResultsArchive.unpack(archive, resultsDir);
        listener.step("Results: " + files + " files in " + resultsDir);
    }

    private void stopRunQuietly() {
        if (!runCreated || client == null) {
            return;
        }
        try {
            client.stopRun(runId);
            lastState = client.run(runId);
            if (lastState.archiveUrl(orchestratorUrl).isPresent()) {
                fetchResults(lastState);
            }
        } catch (BenchfleetException e) {
            listener.warning("could not stop run " + runId + " cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> tearDown() {
        List<String> leftRunning = new ArrayList<>();
        for (Map.Entry<RunPlan.PlannedProvider, ProviderContext> entry : contexts.entrySet()) {
            String name = entry.getKey().provider().name();
            SetupResult result = setupResults.get(name);
            String hint = result == null ? "" : result.teardownHint();
            List<String> started = result == null ? List.of() : result.started().stream().map(RunExecution::describe).toList();
            Future<SetupResult> setup = setups.get(entry.getKey());
            waitQuietly(setup);
            if (options.keepInfrastructure()) {
                leftRunning.add(name + ": kept running (--debug)" + (hint.isEmpty() ? "" : "; remove with: " + hint));
                continue;
            }
            listener.step("Tearing down " + name);
            try {
                entry.getKey().provider().teardown(entry.getValue());
                status.provider(name, "torn down", started, hint);
            } catch (RuntimeException e) {
                String message = name + ": teardown failed (" + (e instanceof BenchfleetException b ? b.getMessage() : e)
                        + ")" + (hint.isEmpty() ? "" : "; remove it with: " + hint);
                listener.warning(message);
                leftRunning.add(message);
                status.provider(name, "teardown failed", started, hint);
            }
        }
        leftRunning.forEach(listener::warning);
        return leftRunning;
    }

    /** A setup still running is told to stop; teardown waits briefly so it does not race it. */
    private void waitQuietly(Future<SetupResult> setup) {
        if (setup == null || setup.isDone()) {
            return;
        }
        try {
            setup.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            setup.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeOrchestrator() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (RuntimeException e) {
                listener.warning("the orchestrator on this machine did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private void checkCancelled() {
        if (options.cancellation().isCancelled()) {
            providerCancellation.cancel();
            throw new CancellationToken.CancelledException();
        }
    }

    private void sleep(Duration duration) throws InterruptedException {
        if (options.cancellation().await(duration)) {
            checkCancelled();
        }
    }

    private static BenchfleetException setupFailure(String provider, Throwable cause) {
        if (cause instanceof BenchfleetException benchfleet) {
            return benchfleet;
        }
        return new InternalException(provider + " setup failed: " + cause, cause);
    }

    private static InternalException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new InternalException("interrupted", e);
    }

    private static String describe(StartedResource resource) {
        return resource.kind() + " " + resource.id() + (resource.address().isEmpty() ? "" : " @ " + resource.address());
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }
}
