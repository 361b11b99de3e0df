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
    void sweepAllDrivesTheRealEc2ClientThroughTheSharedNetworkInOrder() {
        NetworkState net = new NetworkState();
        try (AwsStub stub = new AwsStub(request -> net.answer(request));
             Ec2Api ec2 = SdkAwsClients.withEndpoint(stub.endpoint()).ec2("eu-west-1", CREDENTIALS)) {

            SweepReport report = new AwsSweep(ec2, new SweepTiming(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 3), Clock.systemUTC(), new CancellationToken(), line -> { }).sweepAll();

            assertThat(report.isClean()).as(report.left().toString()).isTrue();
            assertThat(report.deleted()).containsExactly("subnet-0a", "igw-0a", "rtb-0a", "vpc-0a");
            List<String> mutating = stub.requests.stream().map(AwsStub.Request::action)
                    .filter(action -> !action.startsWith("Describe")).toList();
            assertThat(mutating).containsExactly("DeleteSubnet", "DeleteSubnet", "DetachInternetGateway",
                    "DeleteInternetGateway", "DisassociateRouteTable", "DeleteRouteTable", "DeleteVpc");
            assertThat(stub.requests).filteredOn(r -> r.action().startsWith("Describe")).allSatisfy(r ->
                    assertThat(r.params()).containsEntry("Filter.1.Name", "tag:benchfleet-component")
                            .containsKey("Filter.1.Value.1"));
            assertThat(stub.requests).filteredOn(r -> r.action().equals("DescribeVpcs")).first().satisfies(r ->
                    assertThat(r.params()).containsEntry("Filter.1.Value.1", "network"));
            assertThat(stub.requests).filteredOn(r -> r.action().equals("DescribeInstances")).first().satisfies(r ->
                    assertThat(r.params()).containsEntry("Filter.1.Value.1", "runner"));
            assertThat(param(stub, "DeleteSubnet", "SubnetId")).isEqualTo("subnet-0a");
            assertThat(param(stub, "DetachInternetGateway", "InternetGatewayId")).isEqualTo("igw-0a");
            assertThat(param(stub, "DetachInternetGateway", "VpcId")).isEqualTo("vpc-0a");
            assertThat(param(stub, "DeleteInternetGateway", "InternetGatewayId")).isEqualTo("igw-0a");
            assertThat(param(stub, "DisassociateRouteTable", "AssociationId")).isEqualTo("rtbassoc-0a");
            assertThat(param(stub, "DeleteRouteTable", "RouteTableId")).isEqualTo("rtb-0a");
            assertThat(param(stub, "DeleteVpc", "VpcId")).isEqualTo("vpc-0a");
        }
    }

    private static String param(AwsStub stub, String action, String name) {
        return stub.requests.stream().filter(r -> r.action().equals(action)).findFirst().orElseThrow().params().get(name);
    }

    /** A shared network behind the stub: the subnet refuses once (DependencyViolation), then everything goes. */
    private static final class NetworkState {
        private boolean subnet = true;
        private int subnetDeletes;
        private boolean gateway = true;
        private boolean attached = true;
        private boolean associated = true;
        private boolean table = true;
        private boolean vpc = true;

        synchronized AwsStub.Answer answer(AwsStub.Request request) {
            return switch (request.action()) {
                case "DescribeInstances" -> ok("DescribeInstances", "<reservationSet/>");
                case "DescribeNetworkInterfaces" -> ok("DescribeNetworkInterfaces", "<networkInterfaceSet/>");
                case "DescribeSecurityGroups" -> ok("DescribeSecurityGroups", "<securityGroupInfo/>");
                case "DescribeSubnets" -> ok("DescribeSubnets", "<subnetSet>" + (subnet
                        ? "<item><subnetId>subnet-0a</subnetId><vpcId>vpc-0a</vpcId></item>" : "") + "</subnetSet>");
                case "DeleteSubnet" -> {
                    if (subnetDeletes++ == 0) {
                        yield AwsStub.Answer.ec2Error("DependencyViolation", "The subnet 'subnet-0a' has dependencies and cannot be deleted.");
                    }
                    subnet = false;
                    yield done("DeleteSubnet");
                }
                case "DescribeInternetGateways" -> ok("DescribeInternetGateways", "<internetGatewaySet>" + (gateway
                        ? "<item><internetGatewayId>igw-0a</internetGatewayId><attachmentSet>" + (attached
                        ? "<item><vpcId>vpc-0a</vpcId><state>available</state></item>" : "") + "</attachmentSet></item>" : "")
                        + "</internetGatewaySet>");
                case "DetachInternetGateway" -> {
                    attached = false;
                    yield done("DetachInternetGateway");
                }
                case "DeleteInternetGateway" -> {
                    gateway = false;
                    yield done("DeleteInternetGateway");
                }
                case "DescribeRouteTables" -> ok("DescribeRouteTables", "<routeTableSet>" + (table
                        ? "<item><routeTableId>rtb-0a</routeTableId><vpcId>vpc-0a</vpcId><associationSet>" + (associated
                        ? "<item><routeTableAssociationId>rtbassoc-0a</routeTableAssociationId><routeTableId>rtb-0a</routeTableId>"
                        + "<subnetId>subnet-0b</subnetId><main>false</main></item>" : "") + "</associationSet></item>" : "")
                        + "</routeTableSet>");
                case "DisassociateRouteTable" -> {
                    associated = false;
                    yield done("DisassociateRouteTable");
                }
                case "DeleteRouteTable" -> {
                    table = false;
                    yield done("DeleteRouteTable");
                }
                case "DescribeVpcs" -> ok("DescribeVpcs", "<vpcSet>" + (vpc ? "<item><vpcId>vpc-0a</vpcId></item>" : "")
                        + "</vpcSet>");
                case "DeleteVpc" -> {
                    vpc = false;
                    yield done("DeleteVpc");
                }
                default -> AwsStub.Answer.ec2Error("InvalidAction", "unexpected " + request.action());
            };
        }

        private static AwsStub.Answer ok(String action, String body) {
            return AwsStub.Answer.ok("<" + action + "Response " + EC2_NS + "><requestId>r</requestId>" + body + "</" + action
                    + "Response>");
        }

        private static AwsStub.Answer done(String action) {
            return ok(action, "<return>true</return>");
        }
    }

    @Test
    void consoleOutputIsAskedForTheInstanceAndDecoded() {
        String console = "[  OK  ] Started cloud-init.\nbenchfleet: docker build failed\n";
        try (AwsStub stub = new AwsStub(request -> request.action().equals("GetConsoleOutput")
                ? AwsStub.Answer.ok("<GetConsoleOutputResponse " + EC2_NS + "><requestId>r</requestId><instanceId>i-0abc"
                + "</instanceId><timestamp>2026-11-29T23:00:00.000Z</timestamp><output>"
                + java.util.Base64.getEncoder().encodeToString(console.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "</output></GetConsoleOutputResponse>")
                : AwsStub.Answer.ec2Error("InvalidAction", "unexpected " + request.action()));
             Ec2Api ec2 = SdkAwsClients.withEndpoint(stub.endpoint()).ec2("us-east-1", CREDENTIALS)) {

            assertThat(ec2.consoleOutput("i-0abc")).isEqualTo(console);
            assertThat(stub.requests.get(0).params()).containsEntry("Action", "GetConsoleOutput")
                    .containsEntry("InstanceId", "i-0abc");
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
