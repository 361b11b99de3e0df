package dev.benchfleet.core.terraform;

/**
 * Sees every {@link TerraformEvent} of the calls it is given to, as they happen, on the thread
 * that reads Terraform's output. Must be quick and thread-safe (two stacks may share one).
 */
@FunctionalInterface
public interface TerraformListener {

    void onEvent(TerraformEvent event);

    /** A listener that drops everything. */
    static TerraformListener ignore() {
        return event -> { };
    }
}
