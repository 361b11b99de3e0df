package dev.benchfleet.taskrunner.claim;

import dev.benchfleet.taskrunner.process.ChildProcesses;
import dev.benchfleet.taskrunner.protocol.FailureReport;
import dev.benchfleet.taskrunner.protocol.OrchestratorClient;
import dev.benchfleet.taskrunner.protocol.OrchestratorException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM or Ctrl-C does: stop claiming, stop the benchmark's child processes, and tell the
 * orchestrator (best effort, one short attempt) that the held task failed, so it need not wait
 * for the heartbeat timeout.
 */
public final class ShutdownHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHandler.class);
    private static final Duration CHILD_GRACE = Duration.ofSeconds(3);
    private static final Duration FAIL_TIMEOUT = Duration.ofSeconds(5);

    private final ActiveTask activeTask;
    private final ChildProcesses children;
    private final OrchestratorClient client;
    private final String runnerId;
    private final boolean debug;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public ShutdownHandler(ActiveTask activeTask, ChildProcesses children, OrchestratorClient client,
                           String runnerId, boolean debug) {
        this.activeTask = activeTask;
        this.children = children;
        this.client = client;
        this.runnerId = runnerId;
        this.debug = debug;
    }

    public void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "shutdown"));
    }

    /** True once shutdown has begun: the claim loop takes no new task. */
    public boolean stopping() {
        return stopping.get();
    }

    /** Runs in the shutdown hook; also after a normal exit, when there is nothing to do. */
    void onShutdown() {
        stopping.set(true);
        // take the report before stopping the child: the main thread sees the child die and would
        // otherwise report it itself, with a request the exiting JVM may cut off halfway
        Optional<ActiveTask.Handle> held = activeTask.current().filter(ActiveTask.Handle::claimReport);
        children.stopAll(CHILD_GRACE);
        held.ifPresent(handle -> {
            LOG.warn("stopping: reporting task {} as failed", handle.taskId());
            FailureReport report = new FailureReport(FailureReport.ErrorType.BENCHMARK_FAILED,
                    "task runner " + runnerId + " was stopped (SIGTERM/SIGINT) before the task finished",
                    null, debug);
            try {
                client.fail(handle.taskId(), runnerId, report, FAIL_TIMEOUT);
            } catch (OrchestratorException e) {
                LOG.warn("could not report task {} as failed: {}", handle.taskId(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
