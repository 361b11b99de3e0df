package dev.benchfleet.examples.runner;

import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.plan.PlanText;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.protocol.TaskCounts;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * Shows a run to the person at the keyboard, on standard error (standard output is kept for the
 * summary line). On a terminal, monitoring is a live progress bar with the counts; otherwise one
 * plain line per change, which reads well in CI logs.
 */
final class ConsoleListener implements FlowListener, AutoCloseable {

    private final PrintStream out;
    private final boolean terminal;
    private final boolean verbose;
    private final RunTracker tracker;
    private ProgressBar bar;

    ConsoleListener(PrintStream out, boolean terminal, boolean verbose) {
        this(out, terminal, verbose, new RunTracker());
    }

    ConsoleListener(PrintStream out, boolean terminal, boolean verbose, RunTracker tracker) {
        this.out = out;
        this.terminal = terminal;
        this.verbose = verbose;
        this.tracker = tracker;
    }

    @Override
    public void runStarted(String runId) {
        tracker.run(runId);
    }

    @Override
    public void tearingDown(String runId, java.util.List<String> providers) {
        tracker.run(runId);
        tracker.tearingDown(providers);
    }

    @Override
    public void tornDown(String runId, String provider) {
        tracker.tornDown(provider);
    }

    @Override
    public synchronized void step(String message) {
        closeBar();
        out.println("==> " + message);
    }

    @Override
    public synchronized void costPlan(Plan plan) {
        closeBar();
        out.println("==> This run costs money:");
        PlanText.lines(plan).forEach(out::println);
    }

    @Override
    public synchronized void providerEvent(ProviderEvent event) {
        if (event.level() != ProviderEvent.Level.DEBUG || verbose) {
            closeBar();
            out.println("    [" + event.provider() + "] " + (event.level() == ProviderEvent.Level.WARN ? "warning: " : "")
                    + event.message());
        }
    }

    @Override
    public synchronized void progress(RunState state) {
        TaskCounts t = state.tasks();
        String counts = "pending " + (t.pending() + t.claimed()) + " · running " + t.running() + " · done " + t.completed()
                + " · failed " + t.failed() + (t.cancelled() > 0 ? " · cancelled " + t.cancelled() : "");
        if (!terminal) {
            out.println("    " + state.status() + ": " + counts + " (of " + t.total() + ")");
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("Run").setInitialMax(t.total()).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200).continuousUpdate()
                    .build();
        }
        bar.maxHint(t.total());
        bar.stepTo(t.done());
        bar.setExtraMessage(counts);
    }

    @Override
    public synchronized void warning(String message) {
        closeBar();
        out.println("warning: " + message);
    }

    @Override
    public synchronized void close() {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
