package dev.benchfleet.core.flow;

import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.plan.Planner;
import dev.benchfleet.core.plan.SpendGuard;

import java.util.List;

/**
 * The spend guard's one place in the master flow: right after validation, before anything is created.
 * A run that costs money shows its plan and estimated cost, then goes on only as {@link SpendGuard} allows.
 */
final class SpendCheck {

    private SpendCheck() {
    }

    /** @throws dev.benchfleet.core.error.ConfigException when the run may not spend (nothing was created) */
    static SpendGuard.Verdict beforeCreatingAnything(RunPlan run, FlowOptions options, FlowListener listener) {
        Plan plan = new Planner().plan(run, options.configFile().toString(), List.of());
        if (plan.billed()) {
            listener.costPlan(plan);
        }
        boolean assumeYes = options.assumeYes() || run.config().flags().nonInteractive();
        return new SpendGuard().check(plan, assumeYes, options.spendApproval().orElse(null));
    }
}
