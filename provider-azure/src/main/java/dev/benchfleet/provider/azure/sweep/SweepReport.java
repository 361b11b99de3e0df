package dev.benchfleet.provider.azure.sweep;

import java.util.List;

/**
 * What a sweep did and what it could not remove.
 *
 * @param deleted resource groups it deleted (and saw disappear)
 * @param left    groups still there at the end ({@code resource-group <name>}), empty when clean
 */
public record SweepReport(List<String> deleted, List<String> left) {
    public SweepReport {
        deleted = List.copyOf(deleted);
        left = List.copyOf(left);
    }

    /** True when nothing tagged is left. */
    public boolean isClean() {
        return left.isEmpty();
    }
}
