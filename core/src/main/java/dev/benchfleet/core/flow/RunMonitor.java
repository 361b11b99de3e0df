package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.status.RunStatusFile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Watches a created run until the orchestrator says it ended, and nothing else. Fails clearly on
 * the overall deadline, on an orchestrator that stops answering, and on a run that makes no progress
 * (no task claimed, no heartbeat) for the configured time once every setup is done.
 */
final class RunMonitor {

    /** Called on every poll: raises a setup failure; says whether setups still run. */
    interface Watch {
        void check();

        boolean setupsRunning();
    }

    /**
     * How long each monitoring request may be held by the orchestrator until the run changes (it caps
     * holds at 20 s): the end of the run is seen at once, and setups are still checked this often.
     */
    static final Duration HOLD = Duration.ofSeconds(2);

    private final OrchestratorClient client;
    private final String runId;
    private final FlowOptions options;
    private final Clock clock;
    private final RunStatusFile status;
    private final RunJournal journal;
    private final FlowListener listener;
    private RunState last;

    RunMonitor(OrchestratorClient client, String runId, FlowOptions options, Clock clock, RunStatusFile status,
               RunJournal journal, FlowListener listener) {
        this.client = client;
        this.runId = runId;
        this.options = options;
        this.clock = clock;
        this.status = status;
        this.journal = journal;
        this.listener = listener;
    }

    /** The last state seen, or null. */
    RunState last() {
        return last;
    }

    RunState monitor(Watch watch, String dashboard) throws InterruptedException {
        journal.phase("monitoring");
        status.phase("monitoring");
        listener.step("Monitoring run " + runId);
        Instant deadline = clock.instant().plus(options.runTimeout());
        Duration unreachableFor = Duration.ZERO;
        Duration tolerance = Duration.ofSeconds(Math.max(30, options.pollInterval().toSeconds() * 20));
        Instant lastProgress = clock.instant();
        Optional<Instant> lastActivity = Optional.empty();
        while (true) {
            checkCancelled();
            watch.check();
            boolean changed = false;
            long asked = System.nanoTime();
            try {
                // A long poll: the orchestrator answers as soon as the run changes; one without long
                // polls answers at once, and then this loop sleeps between polls.
                RunState state = watch(last == null ? Duration.ZERO : HOLD);
                unreachableFor = Duration.ZERO;
                if (last == null || !state.equals(last)) {
                    changed = true;
                    if (last == null || !state.tasks().equals(last.tasks())) {
                        lastProgress = clock.instant();
                    }
                    last = state;
                    status.tasks(state);
                    journal.status(state.status());
                    listener.progress(state);
                }
                if (state.isFinished()) {
                    return state;
                }
                if (watch.setupsRunning()) {
                    lastProgress = clock.instant(); // runners are still coming up
                }
                Duration quiet = Duration.between(lastProgress, clock.instant());
                Duration limit = options.noProgressTimeout();
                if (!limit.isZero() && quiet.compareTo(limit.dividedBy(2)) > 0) {
                    Optional<Instant> activity = client.lastActivity(runId);
                    if (activity.isPresent() && !activity.equals(lastActivity)) {
                        lastActivity = activity;
                        lastProgress = clock.instant();
                    } else if (quiet.compareTo(limit) > 0) {
                        throw new ExternalException("run " + runId + " made no progress for " + describe(limit)
                                + ": no task was claimed and no heartbeat arrived",
                                "check that the task runners run and reach the orchestrator (their logs are in "
                                        + journal.dir() + "); the dashboard: " + dashboard);
                    }
                }
            } catch (ExternalException e) {
                if (e.getMessage().contains("made no progress") || e.getMessage().startsWith("refusing")) {
                    throw e;
                }
                unreachableFor = unreachableFor.plus(options.pollInterval());
                if (unreachableFor.compareTo(tolerance) > 0) {
                    throw e;
                }
                listener.warning("orchestrator not answering (" + e.getMessage() + "); retrying");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ExternalException("run " + runId + " did not finish within " + describe(options.runTimeout())
                        + " (the run's deadline)", "look at the dashboard: " + dashboard);
            }
            boolean held = System.nanoTime() - asked >= options.pollInterval().toNanos();
            if (!changed && !held && options.cancellation().await(options.pollInterval())) {
                checkCancelled();
            }
        }
    }

    /** One (possibly held) {@code GET /runs/{id}}, given up at once on Ctrl-C. */
    private RunState watch(Duration hold) throws InterruptedException {
        return Answers.await(client.watchRun(runId, hold), options.cancellation());
    }

    private void checkCancelled() {
        if (options.cancellation().isCancelled()) {
            throw new CancellationToken.CancelledException();
        }
    }

    static String describe(Duration duration) {
        if (duration.toHours() > 0 && duration.toMinutesPart() == 0) {
            return duration.toHours() + " h";
        }
        if (duration.toMinutes() > 0 && duration.toSecondsPart() == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toSeconds() + " s";
    }
}
