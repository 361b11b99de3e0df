package dev.benchfleet.core.flow;

import dev.benchfleet.core.registry.ProviderRegistry;

import java.time.Clock;

/**
 * The master flow of the provider guide, as a library call: options in, outcome out, a listener for
 * what happens in between.
 * <ol>
 *   <li>load and validate the config and every provider ({@link #plan}): bad input stops here;</li>
 *   <li>start or choose the orchestrator;</li>
 *   <li>start {@code pre_orchestrator} providers in parallel while waiting for {@code GET /up};</li>
 *   <li>create the run; start {@code post_run} providers; wait for every setup;</li>
 *   <li>monitor the run; download and unpack the results into {@code results/<run_id>/};</li>
 *   <li>tear down what the run started, or list it with the command that removes it.</li>
 * </ol>
 * Never exits the process and never reads the environment: {@link FlowOptions} carries everything.
 */
public final class MasterFlow {

    private final ProviderRegistry registry;
    private final RunIds ids;
    private final Clock clock;

    public MasterFlow(ProviderRegistry registry, RunIds ids, Clock clock) {
        this.registry = registry;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Step 1 only: validates everything and returns the plan, creating nothing.
     *
     * @throws dev.benchfleet.core.error.ConfigException listing every problem
     */
    public RunPlan plan(FlowOptions options) {
        return new RunPlanner(registry, ids).plan(options);
    }

    /**
     * Runs the whole flow.
     *
     * @throws dev.benchfleet.core.error.ConfigException when validation fails (nothing was created)
     * @return how the run ended; failures after validation are reported here, with exit code 1
     */
    public FlowOutcome run(FlowOptions options, FlowListener listener) {
        RunPlan plan = plan(options);
        return new RunExecution(plan, options, listener, ids.newRunId(), clock).execute();
    }
}
