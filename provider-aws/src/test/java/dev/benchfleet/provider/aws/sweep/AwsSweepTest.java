package dev.benchfleet.provider.aws.sweep;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.FakeAws;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.Ec2Api;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsSweepTest {

    private static final String RUN = "100000000012345678";
    private static final SweepTiming FAST = new SweepTiming(Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, Duration.ZERO, 5);

    private final List<String> progress = new ArrayList<>();

    private SweepReport sweep(FakeAws aws, SweepTiming timing) {
        try (Ec2Api ec2 = aws.ec2("us-east-1", Environment.empty())) {
            return new AwsSweep(ec2, timing, Clock.systemUTC(), new CancellationToken(), progress::add).sweep(RUN);
        }
    }

    @Test
    void terminatesWaitsThenDeletesInterfacesThenGroups() {
        FakeAws aws = new FakeAws().instance("i-1", RUN).instance("i-2", RUN).eni("eni-1", RUN).group("sg-1", RUN)
                .instance("i-other", "999999999999999999").group("sg-other", "999999999999999999");

        SweepReport report = sweep(aws, FAST);

        assertThat(report.isClean()).isTrue();
        assertThat(report.terminated()).containsExactly("i-1", "i-2");
        assertThat(report.deleted()).containsExactly("eni-1", "sg-1");
        List<String> mutating = aws.calls.stream().filter(c -> c.startsWith("terminate") || c.startsWith("delete")).toList();
        assertThat(mutating).containsExactly("terminate i-1,i-2", "delete-eni eni-1", "delete-sg sg-1");
        int lastDescribeBeforeEni = aws.calls.indexOf("delete-eni eni-1");
        assertThat(aws.calls.subList(aws.calls.indexOf("terminate i-1,i-2"), lastDescribeBeforeEni))
                .as("waits (describes again) until the instances are terminated").filteredOn("describe-instances"::equals)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(aws.tagged("999999999999999999")).as("another run's resources are untouched")
                .containsExactly("i-other", "sg-other");
    }

    @Test
    void retriesDependencyViolationThenSucceeds() {
        FakeAws aws = new FakeAws().group("sg-1", RUN);
        aws.calls.clear();
        setRefusals(aws, "sg-1", 3);

        SweepReport report = sweep(aws, FAST);

        assertThat(report.isClean()).isTrue();
        assertThat(aws.calls.stream().filter("delete-sg sg-1"::equals)).hasSize(4);
    }

    @Test
    void givesUpAfterTheAttemptsAndReportsWhatIsLeft() {
        FakeAws aws = new FakeAws().group("sg-1", RUN);
        setRefusals(aws, "sg-1", 100);

        SweepReport report = sweep(aws, FAST);

        assertThat(report.left()).containsExactly("security-group sg-1");
        assertThat(aws.calls.stream().filter("delete-sg sg-1"::equals)).hasSize(5);
    }

    @Test
    void aSecondSweepFindsNothingAndChangesNothing() {
        FakeAws aws = new FakeAws().instance("i-1", RUN).eni("eni-1", RUN).group("sg-1", RUN);
        sweep(aws, FAST);
        aws.calls.clear();

        SweepReport again = sweep(aws, FAST);

        assertThat(again.isClean()).isTrue();
        assertThat(again.terminated()).isEmpty();
        assertThat(again.deleted()).isEmpty();
        assertThat(aws.calls).noneMatch(c -> c.startsWith("terminate") || c.startsWith("delete"));
    }

    @Test
    void waitingForTerminationIsBounded() {
        FakeAws aws = new FakeAws().instance("i-1", RUN).group("sg-1", RUN);
        setPollsToTerminate(aws, Integer.MAX_VALUE);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Clock ticking = new Clock() {
            private int calls;

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.plus(Duration.ofMinutes(calls++)); // a minute passes per look
            }
        };
        SweepTiming timing = new SweepTiming(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, Duration.ZERO, 2);

        SweepReport report;
        try (Ec2Api ec2 = aws.ec2("us-east-1", Environment.empty())) {
            report = new AwsSweep(ec2, timing, ticking, new CancellationToken(), progress::add).sweep(RUN);
        }

        assertThat(report.left()).containsExactly("ec2-instance i-1 (shutting-down)", "security-group sg-1");
        assertThat(progress).anyMatch(line -> line.contains("not terminated after"));
    }

    @Test
    void otherErrorsAreNotSwallowed() {
        FakeAws aws = new FakeAws().group("sg-1", RUN);
        try (Ec2Api ec2 = new ForwardingEc2(aws.ec2("us-east-1", Environment.empty())) {
            @Override
            public void deleteSecurityGroup(String id) {
                throw new AwsApiException("UnauthorizedOperation", "You are not authorized to perform this operation.", null);
            }
        }) {
            assertThatThrownBy(() -> new AwsSweep(ec2, FAST, Clock.systemUTC(), new CancellationToken(), progress::add).sweep(RUN))
                    .isInstanceOf(AwsApiException.class).hasMessageContaining("UnauthorizedOperation");
        }
    }

    private SweepReport sweepAll(FakeAws aws) {
        try (Ec2Api ec2 = aws.ec2("us-east-1", Environment.empty())) {
            return new AwsSweep(ec2, FAST, Clock.systemUTC(), new CancellationToken(), progress::add).sweepAll();
        }
    }

    @Test
    void sweepAllRemovesEveryRunsRunnersThenTheSharedNetworkInDependencyOrderAndLeavesTheOrchestrator() {
        FakeAws aws = new FakeAws().instance("i-1", RUN).instance("i-2", "999999999999999999").eni("eni-1", RUN)
                .group("sg-1", RUN).group("sg-2", "999999999999999999").orchestratorInstance("i-orch")
                .network("vpc-1", "igw-1", "rtb-1", "subnet-a", "subnet-b").foreignAssociation("rtb-1", "rtbassoc-x");

        SweepReport report = sweepAll(aws);

        assertThat(report.isClean()).as(report.left().toString()).isTrue();
        assertThat(report.terminated()).containsExactly("i-1", "i-2");
        assertThat(report.deleted()).containsExactly("eni-1", "sg-1", "sg-2", "subnet-a", "subnet-b", "igw-1", "rtb-1",
                "vpc-1");
        List<String> mutating = aws.calls.stream().filter(c -> !c.startsWith("describe") && !c.startsWith("open")).toList();
        assertThat(mutating).containsExactly("terminate i-1,i-2", "delete-eni eni-1", "delete-sg sg-1", "delete-sg sg-2",
                "delete-subnet subnet-a", "delete-subnet subnet-b", "detach-igw igw-1 vpc-1", "delete-igw igw-1",
                "disassociate-route-table rtbassoc-x", "delete-route-table rtb-1", "delete-vpc vpc-1");
        assertThat(aws.networkLeft()).isEmpty();
        assertThat(aws.state("i-orch")).as("the orchestrator host is not a runner").isEqualTo("running");
    }

    @Test
    void sweepAllRetriesDependencyViolationOfTheNetworkAndASecondSweepChangesNothing() {
        FakeAws aws = new FakeAws().instance("i-1", RUN).group("sg-1", RUN)
                .network("vpc-1", "igw-1", "rtb-1", "subnet-a").refuse("subnet-a", 2).refuse("vpc-1", 1);

        SweepReport report = sweepAll(aws);

        assertThat(report.isClean()).isTrue();
        assertThat(aws.calls.stream().filter("delete-subnet subnet-a"::equals)).hasSize(3);
        assertThat(aws.calls.stream().filter("delete-vpc vpc-1"::equals)).hasSize(2);
        aws.calls.clear();

        SweepReport again = sweepAll(aws);

        assertThat(again.isClean()).isTrue();
        assertThat(again.terminated()).isEmpty();
        assertThat(again.deleted()).isEmpty();
        assertThat(aws.calls).allMatch(c -> c.startsWith("describe") || c.startsWith("open-ec2"));
    }

    @Test
    void aVpcStillInUseIsReportedLeftWithItsId() {
        FakeAws aws = new FakeAws().network("vpc-1", "igw-1", "rtb-1", "subnet-a").refuse("vpc-1", 100);

        SweepReport report = sweepAll(aws);

        assertThat(report.left()).containsExactly("vpc vpc-1");
        assertThat(report.deleted()).containsExactly("subnet-a", "igw-1", "rtb-1");
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        SweepTiming timing = new SweepTiming(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 8);
        assertThat(List.of(timing.backoff(1), timing.backoff(2), timing.backoff(3), timing.backoff(4), timing.backoff(9)))
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    private static void setRefusals(FakeAws aws, String group, int refusals) {
        aws.refuse(group, refusals);
    }

    private static void setPollsToTerminate(FakeAws aws, int polls) {
        aws.pollsToTerminate(polls);
    }

    /** Delegates everything; override one call. */
    private static class ForwardingEc2 implements Ec2Api {
        private final Ec2Api delegate;

        ForwardingEc2(Ec2Api delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<dev.benchfleet.provider.aws.api.Ec2Instance> instancesTagged(String key, String value) {
            return delegate.instancesTagged(key, value);
        }

        @Override
        public void terminateInstances(List<String> instanceIds) {
            delegate.terminateInstances(instanceIds);
        }

        @Override
        public List<String> networkInterfacesTagged(String key, String value) {
            return delegate.networkInterfacesTagged(key, value);
        }

        @Override
        public void deleteNetworkInterface(String id) {
            delegate.deleteNetworkInterface(id);
        }

        @Override
        public List<String> securityGroupsTagged(String key, String value) {
            return delegate.securityGroupsTagged(key, value);
        }

        @Override
        public void deleteSecurityGroup(String id) {
            delegate.deleteSecurityGroup(id);
        }

        @Override
        public List<String> subnetsTagged(String key, String value) {
            return delegate.subnetsTagged(key, value);
        }

        @Override
        public void deleteSubnet(String id) {
            delegate.deleteSubnet(id);
        }

        @Override
        public List<dev.benchfleet.provider.aws.api.InternetGateway> internetGatewaysTagged(String key, String value) {
            return delegate.internetGatewaysTagged(key, value);
        }

        @Override
        public void detachInternetGateway(String gatewayId, String vpcId) {
            delegate.detachInternetGateway(gatewayId, vpcId);
        }

        @Override
        public void deleteInternetGateway(String id) {
            delegate.deleteInternetGateway(id);
        }

        @Override
        public List<dev.benchfleet.provider.aws.api.RouteTable> routeTablesTagged(String key, String value) {
            return delegate.routeTablesTagged(key, value);
        }

        @Override
        public void disassociateRouteTable(String associationId) {
            delegate.disassociateRouteTable(associationId);
        }

        @Override
        public void deleteRouteTable(String id) {
            delegate.deleteRouteTable(id);
        }

        @Override
        public List<String> vpcsTagged(String key, String value) {
            return delegate.vpcsTagged(key, value);
        }

        @Override
        public void deleteVpc(String id) {
            delegate.deleteVpc(id);
        }

        @Override
        public String consoleOutput(String instanceId) {
            return delegate.consoleOutput(instanceId);
        }

        @Override
        public java.util.Map<String, dev.benchfleet.provider.aws.api.InstanceTypeFacts> describeInstanceTypes(
                java.util.Collection<String> instanceTypes) {
            return delegate.describeInstanceTypes(instanceTypes);
        }

        @Override
        public java.util.Map<String, java.util.SortedSet<String>> zonesOffering(java.util.Collection<String> instanceTypes) {
            return delegate.zonesOffering(instanceTypes);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
