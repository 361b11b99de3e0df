package dev.benchfleet.taskrunner.claim;

import dev.benchfleet.protocol.Durations;
import dev.benchfleet.taskrunner.protocol.ClaimResult;
import dev.benchfleet.taskrunner.protocol.OrchestratorClient;
import dev.benchfleet.taskrunner.protocol.OrchestratorException;
import dev.benchfleet.taskrunner.retry.Retrier;
import dev.benchfleet.taskrunner.retry.RetriesExhaustedException;
import dev.benchfleet.taskrunner.retry.Sleeper;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims tasks until the orchestrator says {@code done}: {@code assigned} runs the task and claims
 * again at once, {@code wait} sleeps as told. Returns the process exit code.
 */
public final class ClaimLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);
    // a server answering "wait" with 0 seconds must not turn the loop into a busy spin
    private static final Duration MIN_WAIT = Duration.ofMillis(100);

    /** Where to claim from and what to do when there is nothing left. */
    /**
     * @param runWait how long a claim answered 404 (the run does not exist yet) is asked again, until
     *                the run was seen once; zero: not at all
     */
    public record Target(String runId, String provider, String instanceType, String runnerId,
                         boolean noExit, Duration donePollInterval, Duration runWait) {
    }

    /** How often a runner started before its run asks whether it exists now. */
    private static final Duration RUN_POLL = Duration.ofMillis(50);

    private final OrchestratorClient client;
    private final Retrier retrier;
    private final TaskExecutor executor;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;
    private final Target target;

    public ClaimLoop(OrchestratorClient client, Retrier retrier, TaskExecutor executor, Sleeper sleeper,
                     BooleanSupplier stopping, Target target) {
        this.client = client;
        this.retrier = retrier;
        this.executor = executor;
        this.sleeper = sleeper;
        this.stopping = stopping;
        this.target = target;
    }

    public int run() throws InterruptedException {
        boolean doneLogged = false;
        long runWaitEnds = System.nanoTime() + target.runWait().toNanos();
        boolean runSeen = target.runWait().isZero();
        try {
            while (!stopping.getAsBoolean()) {
                ClaimResult result;
                // one id for this claim and all its retries: a retry after a lost answer gets the same task back
                String claimId = java.util.UUID.randomUUID().toString();
                try {
                    result = retrier.call("claim for run " + target.runId(),
                            () -> client.claim(target.runId(), target.provider(), target.instanceType(),
                                    target.runnerId(), claimId),
                            TaskExecutor::unavailable);
                } catch (OrchestratorException.Rejected e) {
                    if (runSeen || e.statusCode() != 404 || System.nanoTime() - runWaitEnds > 0) {
                        throw e;
                    }
                    LOG.debug("run {} does not exist yet; asking again", target.runId());
                    sleeper.sleep(RUN_POLL);
                    continue;
                }
                runSeen = true;
                if (result instanceof ClaimResult.Assigned assigned) {
                    executor.execute(assigned);
                } else if (result instanceof ClaimResult.Wait wait) {
                    Duration pause = wait.retryAfter().compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait.retryAfter();
                    LOG.debug("no task free yet; asking again in {}", Durations.format(pause));
                    sleeper.sleep(pause);
                } else if (result instanceof ClaimResult.Done done) {
                    if (!target.noExit()) {
                        LOG.info("run {} has no work left for {} {}{}; exiting", target.runId(), target.provider(),
                                target.instanceType(), done.message() == null ? "" : " (" + done.message() + ")");
                        return 0;
                    }
                    if (!doneLogged) {
                        LOG.info("run {} is done; --no-exit: polling every {}", target.runId(),
                                Durations.format(target.donePollInterval()));
                        doneLogged = true;
                    }
                    sleeper.sleep(target.donePollInterval());
                }
            }
            LOG.info("stopping");
            return 1;
        } catch (OrchestratorException.Unauthorized e) {
            LOG.error("{}; check --api-key / API_KEY", e.getMessage());
            return 1;
        } catch (OrchestratorException e) {
            // e.g. 404 "Run not found": asking again will not change the answer
            LOG.error("cannot claim tasks: {}", e.getMessage());
            return 1;
        } catch (RetriesExhaustedException e) {
            LOG.error("orchestrator unreachable: {}", e.getMessage());
            return 1;
        }
    }
}
