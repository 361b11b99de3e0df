package dev.benchfleet.core.host;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;

import java.util.List;

/**
 * What removing a standing orchestrator ({@link OrchestratorHost#remove}) did.
 *
 * @param removed what is gone, for people
 * @param left    what is still there, each with why
 */
public record HostRemoval(List<String> removed, List<String> left) {

    public HostRemoval {
        removed = List.copyOf(removed);
        left = List.copyOf(left);
    }

    /**
     * What a removal gets.
     *
     * @param environment  the process environment (cloud credentials, TERRAFORM_BINARY)
     * @param cancellation signalled on Ctrl-C
     * @param events       where progress goes
     */
    public record Context(Environment environment, CancellationToken cancellation, EventSink events) {
    }
}
