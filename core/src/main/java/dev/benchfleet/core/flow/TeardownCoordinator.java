package dev.benchfleet.core.flow;

import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes what a run created, from its journal alone: at the end of a run, and from any later process
 * ({@code nuke}). Every provider that may still have something up is torn down in parallel, each within
 * the grace it declared; then each says what of its resources {@linkplain TaskRunnerProvider#remaining
 * remains}. When nothing is left the journal gets its tombstone, so a second teardown has nothing to do.
 */
public final class TeardownCoordinator {

    private final ProviderRegistry registry;
    private final Environment environment;
    private final FlowListener listener;
    private final CancellationToken giveUp;

    /**
     * @param giveUp signalled when the user will not wait any longer (a second Ctrl-C); providers stop
     *               where it is safe and what is left is reported
     */
    public TeardownCoordinator(ProviderRegistry registry, Environment environment, FlowListener listener,
                               CancellationToken giveUp) {
        this.registry = registry;
        this.environment = environment;
        this.listener = listener;
        this.giveUp = giveUp;
    }

    /**
     * What a teardown did.
     *
     * @param removed what was removed, per provider
     * @param left    what is still up, each with how to remove it later
     * @param alreadyDone true when the journal already had its tombstone: nothing was touched
     */
    public record Report(List<String> removed, List<String> left, boolean alreadyDone) {
        public Report {
            removed = List.copyOf(removed);
            left = List.copyOf(left);
        }
    }

    /** Tears down every provider of the run that may still have something up. */
    public Report tearDown(RunJournal journal) {
        if (journal.isTornDown()) {
            return new Report(List.of(), List.of(), true);
        }
        List<String> providers = journal.providersStillUp();
        List<String> removed = Collections.synchronizedList(new ArrayList<>());
        List<String> left = Collections.synchronizedList(new ArrayList<>());
        if (!providers.isEmpty()) {
            listener.tearingDown(journal.runId(), providers);
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, providers.size()), task -> {
            Thread thread = new Thread(task, "benchfleet-teardown-" + journal.runId());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            for (String name : providers) {
                Optional<TaskRunnerProvider> provider = registry.find(name);
                if (provider.isEmpty()) {
                    left.add(name + ": its provider is not on the class path, so nothing could be removed; "
                            + "add its jar and run nuke " + journal.runId() + " again");
                    continue;
                }
                listener.step("Tearing down " + name);
                running.put(name, threads.submit(() -> tearDownOne(journal, provider.get(), removed, left)));
            }
            for (Map.Entry<String, Future<?>> entry : running.entrySet()) {
                String name = entry.getKey();
                Duration grace = Duration.ofSeconds(journal.teardownGraceSeconds(name));
                try {
                    entry.getValue().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    journal.providerStatus(name, RunJournal.TEARDOWN_INCOMPLETE);
                    left.add(name + ": teardown still running after " + RunMonitor.describe(grace)
                            + "; finish it with: runner.jar nuke " + journal.runId());
                } catch (ExecutionException e) {
                    journal.providerStatus(name, RunJournal.TEARDOWN_INCOMPLETE);
                    left.add(name + ": teardown failed (" + e.getCause() + "); retry with: runner.jar nuke "
                            + journal.runId());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    left.add(name + ": teardown interrupted; finish it with: runner.jar nuke " + journal.runId());
                }
                listener.tornDown(journal.runId(), name);
            }
        } finally {
            threads.shutdownNow();
        }
        if (left.isEmpty()) {
            journal.tornDown(removed);
        }
        return new Report(removed, left, false);
    }

    private void tearDownOne(RunJournal journal, TaskRunnerProvider provider, List<String> removed, List<String> left) {
        String name = provider.name();
        TeardownContext context = TeardownContext.builder(name, journal.runId(), journal.dir().resolve(name))
                .state(journal.state(name))
                .environment(environment)
                .cancellation(giveUp)
                .events(listener::providerEvent)
                .build();
        try {
            provider.teardown(context);
        } catch (RuntimeException e) {
            journal.providerStatus(name, RunJournal.TEARDOWN_INCOMPLETE);
            left.add(name + ": teardown failed (" + e.getMessage() + "); retry with: runner.jar nuke " + journal.runId());
            return;
        }
        List<StartedResource> remaining;
        try {
            remaining = provider.remaining(context);
        } catch (RuntimeException e) {
            journal.providerStatus(name, RunJournal.TEARDOWN_INCOMPLETE);
            left.add(name + ": could not check what is left (" + e.getMessage() + ")");
            return;
        }
        if (remaining.isEmpty()) {
            journal.providerStatus(name, RunJournal.TORN_DOWN);
            List<String> started = journal.providerStarted(name);
            removed.add(name + ": " + (started.isEmpty() ? "nothing was running" : String.join(", ", started)));
        } else {
            journal.providerStatus(name, RunJournal.TEARDOWN_INCOMPLETE);
            remaining.forEach(resource -> left.add(name + ": " + SetupSupervisor.describe(resource)
                    + " is still there; retry with: runner.jar nuke " + journal.runId()));
        }
    }
}
