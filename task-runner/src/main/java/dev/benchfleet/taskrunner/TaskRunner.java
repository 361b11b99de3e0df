package dev.benchfleet.taskrunner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.taskrunner.archive.ArchiveWriter;
import dev.benchfleet.taskrunner.benchmark.Benchmark;
import dev.benchfleet.taskrunner.benchmark.MockBenchmark;
import dev.benchfleet.taskrunner.benchmark.RubyBenchBenchmark;
import dev.benchfleet.taskrunner.benchmark.RubyBenchCommands;
import dev.benchfleet.taskrunner.claim.ActiveTask;
import dev.benchfleet.taskrunner.claim.ClaimLoop;
import dev.benchfleet.taskrunner.claim.ShutdownHandler;
import dev.benchfleet.taskrunner.claim.TaskExecutor;
import dev.benchfleet.taskrunner.cli.CommandLineParser;
import dev.benchfleet.protocol.OrchestratorTls;
import dev.benchfleet.protocol.Durations;
import dev.benchfleet.protocol.WireJson;
import dev.benchfleet.taskrunner.cli.Settings;
import dev.benchfleet.taskrunner.cli.Tuning;
import dev.benchfleet.taskrunner.process.ChildProcesses;
import dev.benchfleet.taskrunner.process.ProcessRunner;
import dev.benchfleet.taskrunner.protocol.OrchestratorClient;
import dev.benchfleet.taskrunner.retry.Retrier;
import dev.benchfleet.taskrunner.retry.RetryPolicy;
import dev.benchfleet.taskrunner.retry.Sleeper;
import dev.benchfleet.taskrunner.upload.Uploader;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the runner's parts together from {@link Settings} and runs the claim loop. */
public final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;

    public TaskRunner(Settings settings) {
        this.settings = settings;
    }

    /** Runs until done (exit 0) or a fatal problem (exit 1). */
    public int run() throws InterruptedException {
        Tuning tuning = settings.tuning();
        HttpClient.Builder httpBuilder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(min(tuning.httpTimeout(), MAX_CONNECT_TIMEOUT))
                .followRedirects(HttpClient.Redirect.NEVER);
        // with a pin, the pin is the whole of the trust, also for upload URLs (they point at the orchestrator)
        OrchestratorTls.configure(httpBuilder, settings.orchestratorUrl(), settings.orchestratorCertSha256());
        HttpClient http = httpBuilder.build();
        ObjectMapper json = WireJson.defaultMapper();
        OrchestratorClient client = new OrchestratorClient(http, settings.orchestratorUrl(), settings.apiKey(),
                tuning.httpTimeout(), new WireJson(json));
        Sleeper sleeper = Sleeper.system();
        Retrier retrier = new Retrier(
                new RetryPolicy(tuning.retryInitialBackoff(), tuning.retryMaxBackoff(), tuning.retryWindow()),
                sleeper, System::nanoTime);
        ChildProcesses children = new ChildProcesses();
        ActiveTask activeTask = new ActiveTask();
        ShutdownHandler shutdown = new ShutdownHandler(activeTask, children, client, settings.runnerId(),
                settings.debug());
        shutdown.install();

        TaskExecutor executor = new TaskExecutor(client, retrier, benchmark(children, sleeper),
                new ArchiveWriter(json),
                new Uploader(http, tuning.uploadTimeout(), settings.apiKey(),
                        settings.orchestratorUrl()),
                activeTask, Clock.systemUTC(),
                new TaskExecutor.Options(settings.runnerId(), settings.debug(), tuning.workRoot(),
                        tuning.heartbeatInterval()));
        LOG.info("runner {} claiming {} {} tasks of run {} from {}{}", settings.runnerId(), settings.provider(),
                settings.instanceType(), settings.runId(), settings.orchestratorUrl()
                        + (settings.orchestratorCertSha256() == null ? "" : " (certificate pinned)"),
                settings.mock() ? " (mock benchmark, " + Durations.format(tuning.mockDuration()) + ")" : "");
        ClaimLoop loop = new ClaimLoop(client, retrier, executor, sleeper, shutdown::stopping,
                new ClaimLoop.Target(settings.runId(), settings.provider(), settings.instanceType(),
                        settings.runnerId(), settings.noExit(), tuning.donePollInterval(), tuning.runWait()));
        return loop.run();
    }

    private Benchmark benchmark(ChildProcesses children, Sleeper sleeper) {
        Tuning tuning = settings.tuning();
        if (settings.mock()) {
            return new MockBenchmark(tuning.mockDuration(), tuning.mockFail(), sleeper);
        }
        return new RubyBenchBenchmark(new ProcessRunner(children), new RubyBenchCommands(tuning.rubyBenchUrl()),
                tuning.benchmarkTimeout(), List.of(CommandLineParser.API_KEY_ENV));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
