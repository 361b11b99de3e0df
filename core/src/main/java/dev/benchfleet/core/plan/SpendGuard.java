package dev.benchfleet.core.plan;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Decides whether a run that costs money may start, before it creates anything:
 * <ol>
 *   <li>a run that costs nothing (no {@code pre_orchestrator} provider) goes on, unasked;</li>
 *   <li>with {@code max_cost} set, a run whose estimate exceeds it is refused, and so is one with a
 *       billed type whose price is unknown (the limit could not be checked);</li>
 *   <li>{@code --yes} or {@code --non-interactive} go on without asking;</li>
 *   <li>otherwise the {@link SpendApproval} is asked; without one (no terminal) the run is refused
 *       with a message saying to pass {@code --yes}.</li>
 * </ol>
 * A refusal is a {@link ConfigException}: nothing has been created.
 */
public final class SpendGuard {

    /** How the run was allowed to go on. */
    public enum Verdict {
        /** Nothing in the run costs money; nobody was asked. */
        FREE,
        /** {@code --yes} or {@code --non-interactive}: not asked. */
        PRE_APPROVED,
        /** The approval said yes. */
        APPROVED
    }

    /**
     * @param plan           the run's plan
     * @param assumeYes      {@code --yes} or {@code --non-interactive} (flag or config)
     * @param approval       who to ask, or {@code null} when nobody can be asked (no terminal)
     * @throws ConfigException when the run may not go on; the message says why and what to do
     */
    public Verdict check(Plan plan, boolean assumeYes, SpendApproval approval) {
        if (!plan.billed()) {
            return Verdict.FREE;
        }
        Optional<BigDecimal> max = plan.knownMaxCost();
        if (max.isPresent()) {
            if (!plan.costKnown()) {
                throw new ConfigException(new Problem("max_cost", "is " + PlanText.usd(max.get())
                        + ", but the cost of this run cannot be estimated: no price is known for "
                        + String.join(", ", plan.unpricedTypes()) + " — nothing was created"),
                        "remove max_cost to run without a limit, or use instance types whose price the catalog knows");
            }
            if (plan.pricedCost().compareTo(max.get()) > 0) {
                throw new ConfigException(new Problem("max_cost", "the estimated cost " + PlanText.usd(plan.pricedCost())
                        + " exceeds the limit " + PlanText.usd(max.get()) + " (assuming " + plan.taskLength().describe()
                        + ") — nothing was created"),
                        "raise max_cost, or plan fewer tasks, instances or instance types (see `plan -c FILE`)");
            }
        }
        if (assumeYes) {
            return Verdict.PRE_APPROVED;
        }
        if (approval == null) {
            throw new ConfigException(Problem.flag("--yes", "this run creates instances that cost money (estimated "
                    + estimate(plan) + ") and there is no terminal to ask on — nothing was created"),
                    "pass --yes (or --non-interactive) to go on without asking, after checking `plan -c FILE`");
        }
        if (!approval.approve(plan)) {
            throw new ConfigException(new Problem("the question before spending", "answered no: the run was stopped "
                    + "before creating anything"), null);
        }
        return Verdict.APPROVED;
    }

    /** The estimate for a message: the cost, or what is known of it. */
    static String estimate(Plan plan) {
        return plan.costKnown() ? PlanText.usd(plan.pricedCost())
                : "at least " + PlanText.usd(plan.pricedCost()) + "; unknown for " + String.join(", ", plan.unpricedTypes());
    }
}
