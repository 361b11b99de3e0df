package dev.benchfleet.provider.aws.sweep;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.Ec2Instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The safety net after {@code terraform destroy} (cloud.md A8): whatever still carries the run's
 * {@code benchfleet-run-id} tag in the region is removed, in the only order EC2 accepts: instances
 * (terminate, then wait until they are terminated, bounded), then network interfaces, then security groups,
 * retrying {@code DependencyViolation} with backoff (an interface of a terminating instance holds its
 * group for a while). Idempotent: what is already gone counts as done, and a second sweep finds nothing.
 */
public final class AwsSweep {

    /** The tag every resource of a run carries. */
    public static final String RUN_TAG = "benchfleet-run-id";

    private final Ec2Api ec2;
    private final SweepTiming timing;
    private final Clock clock;
    private final CancellationToken cancellation;
    private final Consumer<String> progress;

    public AwsSweep(Ec2Api ec2, SweepTiming timing, Clock clock, CancellationToken cancellation, Consumer<String> progress) {
        this.ec2 = ec2;
        this.timing = timing;
        this.clock = clock;
        this.cancellation = cancellation;
        this.progress = progress;
    }

    /** Removes everything tagged with {@code runId} and reports what is left. */
    public SweepReport sweep(String runId) {
        List<String> terminated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();

        List<String> toTerminate = ec2.instancesTagged(RUN_TAG, runId).stream().filter(Ec2Instance::needsTerminate)
                .map(Ec2Instance::id).toList();
        if (!toTerminate.isEmpty()) {
            progress.accept("sweep: terminating " + toTerminate.size() + " instance(s) " + String.join(", ", toTerminate));
            try {
                ec2.terminateInstances(toTerminate);
                terminated.addAll(toTerminate);
            } catch (AwsApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        waitForTerminated(runId);

        for (String eni : ec2.networkInterfacesTagged(RUN_TAG, runId)) {
            if (deleteWithRetries("network interface", eni, ec2::deleteNetworkInterface)) {
                deleted.add(eni);
            }
        }
        for (String group : ec2.securityGroupsTagged(RUN_TAG, runId)) {
            if (deleteWithRetries("security group", group, ec2::deleteSecurityGroup)) {
                deleted.add(group);
            }
        }
        return new SweepReport(terminated, deleted, left(runId));
    }

    /** What still carries the run's tag ({@code ec2-instance i-…}, {@code network-interface eni-…}, {@code security-group sg-…}). */
    public List<String> left(String runId) {
        List<String> left = new ArrayList<>();
        ec2.instancesTagged(RUN_TAG, runId).stream().filter(i -> !i.isTerminated())
                .forEach(i -> left.add("ec2-instance " + i.id() + " (" + i.state() + ")"));
        ec2.networkInterfacesTagged(RUN_TAG, runId).forEach(id -> left.add("network-interface " + id));
        ec2.securityGroupsTagged(RUN_TAG, runId).forEach(id -> left.add("security-group " + id));
        return left;
    }

    private void waitForTerminated(String runId) {
        Instant deadline = clock.instant().plus(timing.terminateWait());
        while (true) {
            List<Ec2Instance> alive = ec2.instancesTagged(RUN_TAG, runId).stream().filter(i -> !i.isTerminated()).toList();
            if (alive.isEmpty()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                progress.accept("sweep: " + alive.size() + " instance(s) not terminated after " + timing.terminateWait()
                        + "; deleting what can be deleted");
                return;
            }
            pause(timing.pollInterval());
        }
    }

    /** True when deleted (or already gone); false when still in use after every attempt. */
    private boolean deleteWithRetries(String kind, String id, Consumer<String> delete) {
        for (int attempt = 1; ; attempt++) {
            try {
                delete.accept(id);
                progress.accept("sweep: deleted " + kind + " " + id);
                return true;
            } catch (AwsApiException e) {
                if (e.isNotFound()) {
                    return true;
                }
                if (!e.isDependencyViolation()) {
                    throw e;
                }
                if (attempt >= timing.attempts()) {
                    progress.accept("sweep: " + kind + " " + id + " still in use after " + attempt + " attempts");
                    return false;
                }
                pause(timing.backoff(attempt));
            }
        }
    }

    private void pause(Duration duration) {
        try {
            if (cancellation.await(duration)) {
                throw new CancellationToken.CancelledException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException();
        }
    }
}
