package dev.benchfleet.provider.aws.sweep;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.Ec2Instance;
import dev.benchfleet.provider.aws.api.InternetGateway;
import dev.benchfleet.provider.aws.api.RouteTable;

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
    /** The tag that says what a resource is part of: {@code runner}, {@code network}, {@code orchestrator}. */
    public static final String COMPONENT_TAG = "benchfleet-component";
    private static final String RUNNER = "runner";
    private static final String NETWORK = "network";

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
        removeRunners(RUN_TAG, runId, terminated, deleted);
        return new SweepReport(terminated, deleted, left(runId));
    }

    /**
     * {@code nuke --all} in this region: every runner resource of every run ({@code benchfleet-component=runner}),
     * then the shared network ({@code benchfleet-component=network}) in the only order EC2 accepts: subnets →
     * internet gateways (detached first) → route tables (associations removed first) → VPCs, each retrying
     * {@code DependencyViolation}. The orchestrator host ({@code benchfleet-component=orchestrator}) is not touched.
     */
    public SweepReport sweepAll() {
        List<String> terminated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        removeRunners(COMPONENT_TAG, RUNNER, terminated, deleted);
        for (String subnet : ec2.subnetsTagged(COMPONENT_TAG, NETWORK)) {
            if (deleteWithRetries("subnet", subnet, ec2::deleteSubnet)) {
                deleted.add(subnet);
            }
        }
        for (InternetGateway gateway : ec2.internetGatewaysTagged(COMPONENT_TAG, NETWORK)) {
            boolean detached = true;
            for (String vpc : gateway.vpcIds()) {
                detached &= deleteWithRetries("attachment of " + gateway.id() + " to", vpc, id -> {
                    try {
                        ec2.detachInternetGateway(gateway.id(), id);
                    } catch (AwsApiException e) {
                        if (!e.code().equals("Gateway.NotAttached")) {
                            throw e; // already detached counts as done
                        }
                    }
                });
            }
            if (detached && deleteWithRetries("internet gateway", gateway.id(), ec2::deleteInternetGateway)) {
                deleted.add(gateway.id());
            }
        }
        for (RouteTable table : ec2.routeTablesTagged(COMPONENT_TAG, NETWORK)) {
            if (table.main()) {
                continue; // goes with its VPC
            }
            table.associationIds().forEach(association ->
                    deleteWithRetries("route table association", association, ec2::disassociateRouteTable));
            if (deleteWithRetries("route table", table.id(), ec2::deleteRouteTable)) {
                deleted.add(table.id());
            }
        }
        for (String vpc : ec2.vpcsTagged(COMPONENT_TAG, NETWORK)) {
            if (deleteWithRetries("VPC", vpc, ec2::deleteVpc)) {
                deleted.add(vpc);
            }
        }
        return new SweepReport(terminated, deleted, leftAll());
    }

    /** What {@link #sweepAll} would still find ({@code kind id}). */
    public List<String> leftAll() {
        List<String> left = new ArrayList<>(left(COMPONENT_TAG, RUNNER));
        ec2.subnetsTagged(COMPONENT_TAG, NETWORK).forEach(id -> left.add("subnet " + id));
        ec2.internetGatewaysTagged(COMPONENT_TAG, NETWORK).forEach(gateway -> left.add("internet-gateway " + gateway.id()));
        ec2.routeTablesTagged(COMPONENT_TAG, NETWORK).stream().filter(table -> !table.main())
                .forEach(table -> left.add("route-table " + table.id()));
        ec2.vpcsTagged(COMPONENT_TAG, NETWORK).forEach(id -> left.add("vpc " + id));
        return left;
    }

    /** What still carries the run's tag ({@code ec2-instance i-…}, {@code network-interface eni-…}, {@code security-group sg-…}). */
    public List<String> left(String runId) {
        return left(RUN_TAG, runId);
    }

    private List<String> left(String key, String value) {
        List<String> left = new ArrayList<>();
        ec2.instancesTagged(key, value).stream().filter(i -> !i.isTerminated())
                .forEach(i -> left.add("ec2-instance " + i.id() + " (" + i.state() + ")"));
        ec2.networkInterfacesTagged(key, value).forEach(id -> left.add("network-interface " + id));
        ec2.securityGroupsTagged(key, value).forEach(id -> left.add("security-group " + id));
        return left;
    }

    /** Instances (terminate, wait), then network interfaces, then security groups carrying {@code key=value}. */
    private void removeRunners(String key, String value, List<String> terminated, List<String> deleted) {
        List<String> toTerminate = ec2.instancesTagged(key, value).stream().filter(Ec2Instance::needsTerminate)
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
        waitForTerminated(key, value);

        for (String eni : ec2.networkInterfacesTagged(key, value)) {
            if (deleteWithRetries("network interface", eni, ec2::deleteNetworkInterface)) {
                deleted.add(eni);
            }
        }
        for (String group : ec2.securityGroupsTagged(key, value)) {
            if (deleteWithRetries("security group", group, ec2::deleteSecurityGroup)) {
                deleted.add(group);
            }
        }
    }

    private void waitForTerminated(String key, String value) {
        Instant deadline = clock.instant().plus(timing.terminateWait());
        while (true) {
            List<Ec2Instance> alive = ec2.instancesTagged(key, value).stream().filter(i -> !i.isTerminated()).toList();
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
