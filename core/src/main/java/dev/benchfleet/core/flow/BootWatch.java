package dev.benchfleet.core.flow;

import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.spi.BootCheckContext;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.MachineDiagnosis;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.protocol.TaskDetail;
import dev.benchfleet.protocol.TaskStatus;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches, while a run is monitored, for providers whose runners claim nothing: once a provider's setup is done
 * and the boot deadline has passed, its aliases with no claimed task are handed to the provider
 * ({@link dev.benchfleet.core.spi.TaskRunnerProvider#diagnoseBoot}), which saves what those machines say (their
 * console output) into the run's logs; the run then says which machine and where its log is. Once per provider.
 * Never fails the run: the no-progress timeout does that.
 */
final class BootWatch {

    private final RunPlan plan;
    private final RunJournal journal;
    private final OrchestratorClient client;
    private final Environment environment;
    private final CancellationToken cancellation;
    private final FlowListener listener;
    private final Clock clock;
    private final Duration deadline;
    private final Map<String, Instant> setUpAt = new HashMap<>();
    private final Set<String> checked = new HashSet<>();

    BootWatch(RunPlan plan, RunJournal journal, OrchestratorClient client, Environment environment,
              CancellationToken cancellation, FlowListener listener, Clock clock, Duration deadline) {
        this.plan = plan;
        this.journal = journal;
        this.client = client;
        this.environment = environment;
        this.cancellation = cancellation;
        this.listener = listener;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Called on every monitoring poll; cheap until some provider's deadline has passed. */
    void check() throws InterruptedException {
        if (deadline.isZero()) {
            return;
        }
        Instant now = clock.instant();
        List<RunPlan.PlannedProvider> due = plan.providers().stream().filter(p -> {
            String name = p.provider().name();
            if (checked.contains(name) || !RunJournal.STARTED.equals(journal.providerStatus(name))) {
                return false;
            }
            Instant at = setUpAt.computeIfAbsent(name, n -> now);
            return !now.isBefore(at.plus(deadline));
        }).toList();
        if (due.isEmpty()) {
            return;
        }
        List<TaskDetail> tasks = client.tasks(journal.runId());
        for (RunPlan.PlannedProvider planned : due) {
            String name = planned.provider().name();
            checked.add(name);
            Set<String> silent = new LinkedHashSet<>();
            for (EntryCapacity entry : planned.capacity().entries()) {
                boolean claimed = tasks.stream().anyMatch(task -> name.equals(task.provider())
                        && entry.alias().equals(task.instanceTypeAlias())
                        && (task.claimedAt() != null || task.status() != TaskStatus.PENDING));
                boolean hasTasks = tasks.stream().anyMatch(task -> name.equals(task.provider())
                        && entry.alias().equals(task.instanceTypeAlias()));
                if (hasTasks && !claimed) {
                    silent.add(entry.alias());
                }
            }
            if (!silent.isEmpty()) {
                diagnose(planned, silent, Duration.between(setUpAt.get(name), now));
            }
        }
    }

    private void diagnose(RunPlan.PlannedProvider planned, Set<String> silent, Duration waited) {
        String name = planned.provider().name();
        Path logs = journal.dir().resolve("logs");
        listener.warning(name + ": no runner of " + String.join(", ", silent) + " claimed a task "
                + RunMonitor.describe(waited) + " after setup; saving what the machines say into " + logs);
        TeardownContext run = TeardownContext.builder(name, journal.runId(), journal.dir().resolve(name))
                .state(journal.state(name)).environment(environment).cancellation(cancellation)
                .events(listener::providerEvent).build();
        List<MachineDiagnosis> saved;
        try {
            java.nio.file.Files.createDirectories(logs);
            saved = planned.provider().diagnoseBoot(BootCheckContext.of(run, silent, logs, waited));
        } catch (java.io.IOException | RuntimeException e) {
            listener.warning(name + ": could not save the machines' console output: " + e.getMessage());
            return;
        }
        for (MachineDiagnosis machine : saved) {
            listener.warning(name + "/" + machine.alias() + ": machine " + machine.machineId()
                    + " claimed no task; its console output is in " + machine.log() + " (" + machine.note() + ")");
        }
    }
}
