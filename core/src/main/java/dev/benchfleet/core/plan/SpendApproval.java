package dev.benchfleet.core.plan;

/**
 * The question the spend guard asks before a run creates anything that costs money: shown the plan
 * with its estimated cost, may the run go on? The command-line runner asks on the terminal (y/N); an
 * embedding application answers however it likes. Not asked at all with {@code --yes} or
 * {@code --non-interactive}, nor for runs that cost nothing.
 */
@FunctionalInterface
public interface SpendApproval {

    /**
     * @param plan the run's plan, with its estimated cost and assumptions
     * @return true to go on, false to stop before anything is created
     */
    boolean approve(Plan plan);
}
