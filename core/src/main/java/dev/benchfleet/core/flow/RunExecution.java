package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.config.RunConfigJson;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.status.RunStatusFile;
import dev.benchfleet.protocol.TaskCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps of one run after validation, in order, and nothing else: each step is its own class
 * ({@link OrchestratorLifecycle}, {@link SetupSupervisor}, {@link RunMonitor}, {@link ResultsDownloader},
 * {@link TeardownCoordinator}). A new run and a resumed one take the same steps; a resumed run skips
 * what its journal says is done. Used once.
 */
final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(30);
    private static final TaskCounts NO_TASKS = TaskCounts.NONE;

    private final RunPlan plan;
    private final FlowOptions options;
    private final FlowListener listener;
    private final ProviderRegistry registry;
    private final RunJournal journal;
    private final RunStatusFile status;
    private final Clock clock;
    private final boolean resumed;
    private final String runId;
    private final Path resultsDir;
    /** Cancelled on Ctrl-C or when a part of the run fails: tells providers to stop. */
    private final CancellationToken providerCancellation = new CancellationToken();
    private final ExecutorService threads;

    private OrchestratorEndpoint endpoint;
    private OrchestratorClient client;
    private RunnerCredentials runners;
    private RunMonitor monitor;

    RunExecution(RunPlan plan, FlowOptions options, FlowListener listener, ProviderRegistry registry, RunJournal journal,
                 RunStatusFile status, Clock clock, boolean resumed) {
        this.plan = plan;
        this.options = options;
        this.listener = listener;
        this.registry = registry;
        this.journal = journal;
        this.status = status;
        this.clock = clock;
        this.resumed = resumed;
        this.runId = journal.runId();
        this.resultsDir = journal.baseDir().resolve("results").resolve(runId);
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "benchfleet-run-" + runId + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    FlowOutcome execute() {
        String outcomeStatus;
        int exitCode;
        String error = "";
        List<String> leftRunning = new ArrayList<>();
        HostContext hostContext = HostContext.builder(runId, journal.dir().resolve("orchestrator"), plan.apiKey())
                .baseDir(journal.baseDir())
                .settings(plan.config().allSettings())
                .upgrade(options.upgradeOrchestrator())
                .requestedUrl(plan.requestedUrl())
                .requestedCertSha256(options.orchestratorCertSha256().orElse(null))
                .flags(plan.config().flags())
                .environment(options.environment())
                .state(journal.hostState())
                .cancellation(providerCancellation)
                .events(listener::providerEvent)
                .build();
        SetupSupervisor setups = new SetupSupervisor(journal, status, listener, providerCancellation, threads,
                options.setupTimeout(), clock);
        OrchestratorLifecycle orchestrator = new OrchestratorLifecycle(plan.host(), hostContext, journal, status, listener);
        listener.runStarted(runId);
        try {
            listener.step((resumed ? "Resuming run " : "Run ") + runId + ": " + plan.config().totalTasks() + " tasks on "
                    + String.join(", ", plan.config().providerNames()));
            plan.hostNotes().forEach(note -> listener.step("orchestrator: " + note));
            plan.notes().forEach(listener::step);
            plan.skipped().forEach(listener::step);
            for (RunPlan.PlannedProvider planned : plan.providers()) {
                journal.provider(planned.provider().name(), planned.provider().phase().configName(),
                        planned.provider().teardownGrace().toSeconds());
            }

            // 1. the orchestrator's endpoint, then GET /up in parallel with the pre_orchestrator setups
            journal.phase("starting orchestrator");
            status.phase("starting orchestrator");
            endpoint = orchestrator.provision();
            runners = RunnerCredentials.of(runId, endpoint.apiKey(), options.environment(),
                    plan.providers().stream().anyMatch(planned -> planned.provider().runnersFetchTaskRunnerJar()));
            // post_run runners that wait for their run start now, their start-up overlapping the orchestrator's: with
            // the embedded orchestrator only, which is this build (it issues the run's token they were given). They
            // go first: their JVMs' start is on the way to the first claim, this master's client is not.
            boolean early = OrchestratorHost.EMBEDDED.equals(plan.host().name());
            if (early) {
                startSetups(setups, ProviderPhase.POST_RUN, TaskRunnerProvider::runnersWaitForRun);
            }
            client = orchestrator.connect();
            CompletableFuture<Void> up = orchestrator.awaitUp(options.orchestratorReadyTimeout(), clock,
                    options.cancellation(), threads);
            startSetups(setups, ProviderPhase.PRE_ORCHESTRATOR, p -> true);
            journal.phase("waiting for orchestrator");
            status.phase("waiting for orchestrator");
            awaitUp(up, setups);
            runners.publish(client).ifPresent(listener::warning);

            // 2. the run, then the other post_run setups; monitoring starts at once
            createRun();
            runners.confirm(client).ifPresent(listener::warning);
            startSetups(setups, ProviderPhase.POST_RUN, p -> !(early && p.runnersWaitForRun()));
            monitor = new RunMonitor(client, runId, options, clock, status, journal, listener);
            BootWatch boots = new BootWatch(plan, journal, client, options.environment(), providerCancellation, listener,
                    clock, options.bootTimeout());
            RunState finished = monitor.monitor(new RunMonitor.Watch() {
                @Override
                public void check() {
                    setups.throwIfFailed();
                    try {
                        boots.check();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (dev.benchfleet.core.error.ExternalException e) {
                        // the monitor itself reports an orchestrator that stops answering
                    }
                }

                @Override
                public boolean setupsRunning() {
                    return setups.anyRunning();
                }
            }, endpoint.dashboardUrl().toString());

            // 3. results
            RunState withArchive = fetchResults(finished);
            outcomeStatus = withArchive.status();
            exitCode = withArchive.tasks().failed() == 0 && "completed".equals(outcomeStatus) ? 0 : 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            providerCancellation.cancel();
            error = "interrupted";
            outcomeStatus = "failed";
            exitCode = 1;
        } catch (CancellationToken.CancelledException e) {
            providerCancellation.cancel();
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
            setups.settle(Duration.ofSeconds(30));
            leftRunning.addAll(tearDown());
            orchestrator.close();
            threads.shutdownNow();
        }
        InstanceHours hours = InstanceHours.collect(journal, registry, options.environment(), listener, clock.instant());
        if (hours.machines() > 0) {
            listener.step(hours.describe());
        }
        journal.status(outcomeStatus);
        journal.phase("finished");
        status.finished(outcomeStatus, exitCode, error);
        RunState last = monitor == null ? null : monitor.last();
        TaskCounts tasks = last == null ? NO_TASKS : last.tasks();
        URI url = endpoint == null ? null : endpoint.url();
        URI dashboard = endpoint == null ? null : endpoint.dashboardUrl();
        return new FlowOutcome(runId, outcomeStatus, tasks, exitCode, url, dashboard, status.path(), resultsDir, error,
                leftRunning, hours);
    }

    private void startSetups(SetupSupervisor setups, ProviderPhase phase, Predicate<TaskRunnerProvider> which) {
        for (RunPlan.PlannedProvider planned : plan.inPhase(phase)) {
            if (!which.test(planned.provider())) {
                continue;
            }
            checkCancelled();
            String name = planned.provider().name();
            if (resumed && !needsSetup(name)) {
                listener.step(name + ": already set up (" + journal.providerStatus(name) + "), not started again");
                continue;
            }
            ProviderContext context = ProviderContext.builder(planned.config(), planned.capacity())
                    .flags(plan.config().flags())
                    .environment(options.environment())
                    .runId(runId)
                    .orchestratorUrl(endpoint.url())
                    .orchestratorCertSha256(endpoint.certSha256().orElse(null))
                    .orchestratorCertPem(endpoint.certPem().orElse(null))
                    .apiKey(endpoint.apiKey())
                    .runnerToken(runners.runnerToken())
                    .taskRunnerSha256(runners.taskRunnerSha256().orElse(null))
                    .rubyVersion(plan.config().rubyVersion())
                    .workDir(journal.dir().resolve(name))
                    .cancellation(providerCancellation)
                    .events(listener::providerEvent)
                    .state(journal.state(name))
                    .build();
            setups.start(planned, context);
        }
    }

    /** A resumed run re-applies only providers whose state is missing. */
    private boolean needsSetup(String provider) {
        return !journal.hasState(provider);
    }

    private void awaitUp(CompletableFuture<Void> up, SetupSupervisor setups) throws InterruptedException {
        while (true) {
            checkCancelled();
            setups.throwIfFailed();
            try {
                up.get(options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // poll again: a failed setup or Ctrl-C ends the wait
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new InternalException("waiting for the orchestrator failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private void createRun() throws InterruptedException {
        checkCancelled();
        if (journal.runCreated()) {
            listener.step("Run " + runId + " exists on the orchestrator");
            return;
        }
        journal.phase("creating run");
        status.phase("creating run");
        int tasks = client.createRun(RunConfigJson.createRunBody(plan.config(), runId));
        journal.runCreated(true);
        listener.step("Created run " + runId + " with " + tasks + " tasks");
    }

    private RunState fetchResults(RunState finished) throws InterruptedException {
        journal.phase("downloading results");
        status.phase("downloading results");
        listener.step("Downloading results");
        ResultsDownloader.Downloaded downloaded = new ResultsDownloader(client, clock, options.pollInterval(),
                options.cancellation()).download(runId, finished, ARCHIVE_WAIT, journal.dir(), resultsDir);
        listener.step("Results: " + downloaded.files() + " files in " + resultsDir);
        return downloaded.state();
    }

    private void stopRunQuietly() {
        if (!journal.runCreated() || client == null) {
            return;
        }
        try {
            client.stopRun(runId);
            RunState state = client.run(runId);
            if (state.archiveUrl(client.baseUrl()).isPresent()) {
                new ResultsDownloader(client, clock, options.pollInterval(), new CancellationToken())
                        .download(runId, state, Duration.ZERO, journal.dir(), resultsDir);
            }
        } catch (BenchfleetException e) {
            listener.warning("could not stop run " + runId + " cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> tearDown() {
        if (options.keepInfrastructure()) {
            List<String> kept = new ArrayList<>();
            for (String name : journal.providersStillUp()) {
                journal.providerStatus(name, RunJournal.KEPT);
                kept.add(name + ": kept running (--debug); remove with: java -jar runner.jar nuke " + runId);
            }
            kept.forEach(listener::warning);
            return kept;
        }
        journal.phase("tearing down");
        status.phase("tearing down");
        TeardownCoordinator.Report report = new TeardownCoordinator(registry, options.environment(), listener,
                options.giveUp()).tearDown(journal);
        for (String name : journal.providers()) {
            String state = journal.providerStatus(name);
            if (state.equals(RunJournal.TORN_DOWN) || state.equals(RunJournal.TEARDOWN_INCOMPLETE)) {
                status.provider(name, state, journal.providerStarted(name), "java -jar runner.jar nuke " + runId);
            }
        }
        report.left().forEach(listener::warning);
        return report.left();
    }

    private void checkCancelled() {
        if (options.cancellation().isCancelled()) {
            providerCancellation.cancel();
            throw new CancellationToken.CancelledException();
        }
    }
}
