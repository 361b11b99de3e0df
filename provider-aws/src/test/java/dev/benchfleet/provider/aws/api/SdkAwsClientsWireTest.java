package dev.benchfleet.provider.aws.api;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.sweep.AwsSweep;
import dev.benchfleet.provider.aws.sweep.SweepReport;
import dev.benchfleet.provider.aws.sweep.SweepTiming;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real SDK clients against a loopback stub: request shapes (action, filters, ids) are what EC2 and STS
 * receive, answers are parsed from EC2 Query API XML, errors keep AWS's code. Static test credentials; no
 * real network.
 */
class SdkAwsClientsWireTest {

    private static final String EC2_NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";
    private static final Environment CREDENTIALS = Environment.of(Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    @Test
    void stsGetCallerIdentityIsSignedAndParsed() {
        try (AwsStub stub = new AwsStub(request -> AwsStub.Answer.ok(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                        + "</GetCallerIdentityResponse>"));
             StsApi sts = SdkAwsClients.withEndpoint(stub.endpoint()).sts("eu-west-1", CREDENTIALS)) {

            assertThat(sts.callerArn()).isEqualTo("arn:aws:iam::123456789012:user/bench");
            AwsStub.Request request = stub.requests.get(0);
            assertThat(request.action()).isEqualTo("GetCallerIdentity");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
                    .contains("/eu-west-1/sts/aws4_request").doesNotContain("wJalrXUtnFEMI");
        }
    }

    @Test
    void refusedCredentialsKeepAwsErrorCode() {
        try (AwsStub stub = new AwsStub(request -> new AwsStub.Answer(403,
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>"
                        + "</Error><RequestId>r-2</RequestId></ErrorResponse>"));
             StsApi sts = SdkAwsClients.withEndpoint(stub.endpoint()).sts("us-east-1", CREDENTIALS)) {

            assertThatThrownBy(sts::callerArn).isInstanceOfSatisfying(AwsApiException.class,
                    e -> assertThat(e.code()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void theSweepDrivesTheRealEc2Client() {
        AtomicInteger describes = new AtomicInteger();
        try (AwsStub stub = new AwsStub(request -> switch (request.action()) {
            case "DescribeInstances" -> AwsStub.Answer.ok("<DescribeInstancesResponse " + EC2_NS + "><requestId>r</requestId>"
                    + "<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-0abc</instanceId>"
                    + "<instanceState><code>" + (describes.getAndIncrement() == 0 ? "16</code><name>running" : "48</code><name>terminated")
                    + "</name></instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>");
            case "TerminateInstances" -> AwsStub.Answer.ok("<TerminateInstancesResponse " + EC2_NS + "><requestId>r</requestId>"
                    + "<instancesSet><item><instanceId>i-0abc</instanceId><currentState><code>32</code><name>shutting-down</name>"
                    + "</currentState><previousState><code>16</code><name>running</name></previousState></item></instancesSet>"
                    + "</TerminateInstancesResponse>");
            case "DescribeNetworkInterfaces" -> AwsStub.Answer.ok("<DescribeNetworkInterfacesResponse " + EC2_NS
                    + "><requestId>r</requestId><networkInterfaceSet/></DescribeNetworkInterfacesResponse>");
            case "DescribeSecurityGroups" -> AwsStub.Answer.ok("<DescribeSecurityGroupsResponse " + EC2_NS
                    + "><requestId>r</requestId><securityGroupInfo>" + (stub().deleted ? "" : "<item><groupId>sg-0abc</groupId>"
                    + "<groupName>benchfleet-run</groupName></item>") + "</securityGroupInfo></DescribeSecurityGroupsResponse>");
            case "DeleteSecurityGroup" -> stub().deleteSecurityGroup();
            default -> AwsStub.Answer.ec2Error("InvalidAction", "unexpected " + request.action());
        });
             Ec2Api ec2 = SdkAwsClients.withEndpoint(stub.endpoint()).ec2("us-east-1", CREDENTIALS)) {

            SweepReport report = new AwsSweep(ec2, new SweepTiming(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 3), Clock.systemUTC(), new CancellationToken(), line -> { }).sweep("100000000012345678");

            assertThat(report.terminated()).containsExactly("i-0abc");
            assertThat(report.deleted()).containsExactly("sg-0abc");
            assertThat(report.isClean()).isTrue();
            List<String> actions = stub.requests.stream().map(AwsStub.Request::action).toList();
            assertThat(actions).startsWith("DescribeInstances", "TerminateInstances", "DescribeInstances",
                    "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DeleteSecurityGroup", "DeleteSecurityGroup");
            AwsStub.Request describe = stub.requests.get(0);
            assertThat(describe.params()).containsEntry("Filter.1.Name", "tag:benchfleet-run-id")
                    .containsEntry("Filter.1.Value.1", "100000000012345678").containsEntry("Version", "2016-11-15");
            assertThat(stub.requests.get(1).params()).containsEntry("InstanceId.1", "i-0abc");
            assertThat(stub.requests.stream().filter(r -> r.action().equals("DeleteSecurityGroup")).toList())
                    .allSatisfy(r -> assertThat(r.params()).containsEntry("GroupId", "sg-0abc"));
        }
    }

    @Test
    void instanceTypesAndOfferingsAreRead() {
        try (AwsStub stub = new AwsStub(request -> switch (request.action()) {
            case "DescribeInstanceTypes" -> AwsStub.Answer.ok("<DescribeInstanceTypesResponse " + EC2_NS + "><requestId>r</requestId>"
                    + "<instanceTypeSet><item><instanceType>c7g.medium</instanceType><vCpuInfo><defaultVCpus>1</defaultVCpus>"
                    + "</vCpuInfo><processorInfo><supportedArchitectures><item>arm64</item></supportedArchitectures></processorInfo>"
                    + "</item><item><instanceType>c7i.xlarge</instanceType><vCpuInfo><defaultVCpus>4</defaultVCpus></vCpuInfo>"
                    + "<processorInfo><supportedArchitectures><item>x86_64</item></supportedArchitectures></processorInfo></item>"
                    + "</instanceTypeSet></DescribeInstanceTypesResponse>");
            case "DescribeInstanceTypeOfferings" -> AwsStub.Answer.ok("<DescribeInstanceTypeOfferingsResponse " + EC2_NS
                    + "><requestId>r</requestId><instanceTypeOfferingSet>"
                    + "<item><instanceType>c7g.medium</instanceType><locationType>availability-zone</locationType><location>us-east-1b</location></item>"
                    + "<item><instanceType>c7g.medium</instanceType><locationType>availability-zone</locationType><location>us-east-1a</location></item>"
                    + "</instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>");
            default -> AwsStub.Answer.ec2Error("InvalidAction", "unexpected " + request.action());
        });
             Ec2Api ec2 = SdkAwsClients.withEndpoint(stub.endpoint()).ec2("us-east-1", CREDENTIALS)) {

            Map<String, InstanceTypeFacts> facts = ec2.describeInstanceTypes(List.of("c7g.medium", "c7i.xlarge"));
            var zones = ec2.zonesOffering(List.of("c7g.medium", "c7i.xlarge"));

            assertThat(facts.get("c7g.medium")).isEqualTo(new InstanceTypeFacts("c7g.medium", 1, List.of("arm64")));
            assertThat(facts.get("c7i.xlarge").vcpus()).isEqualTo(4);
            assertThat(zones.get("c7g.medium")).containsExactly("us-east-1a", "us-east-1b");
            assertThat(zones.get("c7i.xlarge")).isEmpty();
            assertThat(stub.requests.get(0).params()).containsEntry("InstanceType.1", "c7g.medium")
                    .containsEntry("InstanceType.2", "c7i.xlarge");
            assertThat(stub.requests.get(1).params()).containsEntry("LocationType", "availability-zone")
                    .containsEntry("Filter.1.Name", "instance-type").containsEntry("Filter.1.Value.2", "c7i.xlarge");
        }
    }

    // The sweep test's stub needs a little state: the group refuses once (DependencyViolation), then goes.
    private final GroupState groupState = new GroupState();

    private GroupState stub() {
        return groupState;
    }

    private static final class GroupState {
        private int deletes;
        private boolean deleted;

        synchronized AwsStub.Answer deleteSecurityGroup() {
            if (deletes++ == 0) {
                return AwsStub.Answer.ec2Error("DependencyViolation", "resource sg-0abc has a dependent object");
            }
            deleted = true;
            return AwsStub.Answer.ok("<DeleteSecurityGroupResponse " + EC2_NS + "><requestId>r</requestId><return>true</return>"
                    + "</DeleteSecurityGroupResponse>");
        }
    }
}
