package dev.benchfleet.core.flow;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.status.RunStatusFile;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs provider setups in parallel and watches them, and nothing else. The first setup that fails
 * cancels the others at once (through the providers' cancellation token), and its error is what
 * {@link #throwIfFailed()} raises; a setup that runs past the setup timeout fails too.
 */
final class SetupSupervisor {

    private final RunJournal journal;
    private final RunStatusFile status;
    private final FlowListener listener;
    private final CancellationToken providerCancellation;
    private final ExecutorService threads;
    private final Duration setupTimeout;
    private final Clock clock;
    private final Map<String, Future<?>> setups = new ConcurrentHashMap<>();
    private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();
    private final AtomicReference<BenchfleetException> firstFailure = new AtomicReference<>();

    SetupSupervisor(RunJournal journal, RunStatusFile status, FlowListener listener, CancellationToken providerCancellation,
                    ExecutorService threads, Duration setupTimeout, Clock clock) {
        this.journal = journal;
        this.status = status;
        this.listener = listener;
        this.providerCancellation = providerCancellation;
        this.threads = threads;
        this.setupTimeout = setupTimeout;
        this.clock = clock;
    }

    /** Starts one provider's setup in the background. */
    void start(RunPlan.PlannedProvider planned, ProviderContext context) {
        String name = planned.provider().name();
        listener.step("Starting " + name + " task runners: " + planned.capacity().totalContainers()
                + " runner(s) on " + planned.capacity().totalInstances() + " instance(s)");
        journal.providerStatus(name, RunJournal.SETTING_UP);
        status.provider(name, "starting", List.of(), "");
        startedAt.put(name, clock.instant());
        setups.put(name, threads.submit(() -> {
            try {
                Files.createDirectories(context.workDir());
                SetupResult result = planned.provider().setup(context);
                List<String> started = result.started().stream().map(SetupSupervisor::describe).toList();
                journal.providerStarted(name, started);
                journal.providerStatus(name, RunJournal.STARTED);
                status.provider(name, "started", started, result.teardownHint());
                listener.step(name + " is set up" + (started.isEmpty() ? "" : ": " + String.join(", ", started)));
            } catch (CancellationToken.CancelledException e) {
                journal.providerStatus(name, RunJournal.SETUP_FAILED);
                status.provider(name, "cancelled", List.of(), "");
            } catch (Throwable e) {
                journal.providerStatus(name, RunJournal.SETUP_FAILED);
                status.provider(name, "setup failed", List.of(), "");
                fail(asBenchfleet(name, e));
            }
            return null;
        }));
    }

    /** Whether a setup is still running. */
    boolean anyRunning() {
        return setups.values().stream().anyMatch(setup -> !setup.isDone());
    }

    /** Raises the first setup failure, or a timeout of a setup still running. */
    void throwIfFailed() {
        BenchfleetException failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
        Instant now = clock.instant();
        setups.forEach((name, setup) -> {
            if (!setup.isDone() && now.isAfter(startedAt.get(name).plus(setupTimeout))) {
                fail(new ExternalException(name + " setup did not finish within " + setupTimeout.toMinutes() + " min"));
            }
        });
        failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits until every setup ended or {@code max} passed; used before teardown so it does not race a setup. */
    void settle(Duration max) {
        Instant deadline = clock.instant().plus(max);
        for (Future<?> setup : setups.values()) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            try {
                setup.get(Math.max(1, left), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!setup.isDone()) {
                    setup.cancel(true);
                }
            }
        }
    }

    private void fail(BenchfleetException failure) {
        if (firstFailure.compareAndSet(null, failure)) {
            providerCancellation.cancel(); // the others stop now, not after a slow apply
        }
    }

    private static BenchfleetException asBenchfleet(String provider, Throwable cause) {
        if (cause instanceof BenchfleetException benchfleet) {
            return benchfleet;
        }
        return new InternalException(provider + " setup failed: " + cause, cause);
    }

    static String describe(StartedResource resource) {
        return resource.kind() + " " + resource.id() + (resource.address().isEmpty() ? "" : " @ " + resource.address());
    }
}
