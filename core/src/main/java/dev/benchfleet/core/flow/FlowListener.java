package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.spi.ProviderEvent;

/**
 * What a {@link MasterFlow} tells its user while it runs. Every method has a default, so a listener
 * implements only what it shows. Called from the engine's threads; implementations must be thread-safe.
 */
public interface FlowListener {

    /** A step of the master flow began ("Waiting for the orchestrator"...). */
    default void step(String message) {
    }

    /** A provider reported progress. */
    default void providerEvent(ProviderEvent event) {
    }

    /** The run's state changed while monitoring. */
    default void progress(RunState state) {
    }

    /**
     * The plan of a run that costs money, with its estimated cost: shown before the spend guard decides
     * (and before anything is created).
     */
    default void costPlan(Plan plan) {
    }

    /** Something the user should know: a teardown that failed, something left running. */
    default void warning(String message) {
    }

    /** The run has an id and a journal; called before anything is created. */
    default void runStarted(String runId) {
    }

    /** Teardown of these providers began; a second Ctrl-C may leave them half removed. */
    default void tearingDown(String runId, java.util.List<String> providers) {
    }

    /** One provider's teardown ended (whether or not it removed everything). */
    default void tornDown(String runId, String provider) {
    }

    /** A listener that shows nothing. */
    static FlowListener silent() {
        return new FlowListener() {
        };
    }
}
