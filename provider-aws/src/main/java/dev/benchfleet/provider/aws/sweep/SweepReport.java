package dev.benchfleet.provider.aws.sweep;

import java.util.List;

/**
 * What a sweep did and what it could not remove.
 *
 * @param terminated instances it asked EC2 to terminate
 * @param deleted    network interfaces and security groups it deleted
 * @param left       what still carries the run's tag ({@code kind id}), empty when the run is clean
 */
public record SweepReport(List<String> terminated, List<String> deleted, List<String> left) {
    public SweepReport {
        terminated = List.copyOf(terminated);
        deleted = List.copyOf(deleted);
        left = List.copyOf(left);
    }

    /** True when nothing tagged with the run is left. */
    public boolean isClean() {
        return left.isEmpty();
    }
}
