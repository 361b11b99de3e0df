package dev.benchfleet.provider.azure.sweep;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.provider.azure.arm.ArmApi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes resource groups by tag and <em>waits</em> until they are gone (cloud.md A8; the original deleted them
 * fire-and-forget): list the tagged groups, start deleting each (one already being deleted is asked again, which
 * Azure accepts), poll until none exists or the deadline passes, then list by tag once more as the final check.
 * Idempotent: a second sweep finds nothing and does nothing.
 */
public final class ResourceGroupSweep {

    /** Every Benchfleet resource carries this tag with {@code true}. */
    public static final String MANAGED_TAG = "benchfleet-managed";
    /** ... and this one with its run id. */
    public static final String RUN_TAG = "benchfleet-run-id";

    private final ArmApi arm;
    private final SweepTiming timing;
    private final Clock clock;
    private final CancellationToken cancellation;
    private final Consumer<String> progress;

    public ResourceGroupSweep(ArmApi arm, SweepTiming timing, Clock clock, CancellationToken cancellation,
                              Consumer<String> progress) {
        this.arm = arm;
        this.timing = timing;
        this.clock = clock;
        this.cancellation = cancellation;
        this.progress = progress;
    }

    /** The groups of one run ({@code benchfleet-run-id=<runId>}). */
    public SweepReport sweep(String runId) {
        return sweepTagged(RUN_TAG, runId);
    }

    /** Every Benchfleet group of the subscription ({@code benchfleet-managed=true}): {@code nuke --all}. */
    public SweepReport sweepAll() {
        return sweepTagged(MANAGED_TAG, "true");
    }

    private SweepReport sweepTagged(String tag, String value) {
        Set<String> groups = new LinkedHashSet<>();
        arm.resourceGroupsTagged(tag, value).forEach(group -> groups.add(group.name()));
        if (groups.isEmpty()) {
            progress.accept("no resource group tagged " + tag + "=" + value);
            return new SweepReport(List.of(), List.of());
        }
        for (String group : groups) {
            progress.accept("deleting resource group " + group);
            arm.beginDeleteResourceGroup(group);
        }
        Set<String> waiting = new LinkedHashSet<>(groups);
        Instant deadline = clock.instant().plus(timing.deleteWait());
        while (true) {
            waiting.removeIf(group -> !arm.resourceGroupExists(group));
            if (waiting.isEmpty() || !clock.instant().isBefore(deadline)) {
                break;
            }
            if (pauseCancelled()) {
                break; // Ctrl-C: what is still there is reported as left; a later nuke finishes it
            }
        }
        List<String> deleted = new ArrayList<>();
        groups.stream().filter(group -> !waiting.contains(group)).forEach(deleted::add);
        deleted.forEach(group -> progress.accept("resource group " + group + " is gone"));
        // The final check: anything tagged that is still there (including a group created meanwhile).
        Set<String> left = new LinkedHashSet<>();
        waiting.forEach(left::add);
        arm.resourceGroupsTagged(tag, value).forEach(group -> left.add(group.name()));
        return new SweepReport(deleted, left.stream().map(group -> "resource-group " + group).toList());
    }

    private boolean pauseCancelled() {
        try {
            return cancellation.await(timing.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
