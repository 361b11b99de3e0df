package dev.benchfleet.provider.azure.sweep;

import java.time.Duration;

/**
 * How long the resource-group sweep waits. Deleting a group with VMs takes Azure several minutes.
 *
 * @param deleteWait   the longest to wait for the groups to be gone
 * @param pollInterval between two looks at whether they still exist
 */
public record SweepTiming(Duration deleteWait, Duration pollInterval) {

    /** For a real cloud: up to 30 minutes, a look every 15 s. */
    public static SweepTiming standard() {
        return new SweepTiming(Duration.ofMinutes(30), Duration.ofSeconds(15));
    }
}
