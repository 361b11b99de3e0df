package dev.benchfleet.provider.aws.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.orchestrator.AwsOrchestratorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} orchestrator host's pre-flight through the real SDK clients against the loopback stub: STS
 * {@code GetCallerIdentity}, then {@code DescribeInstanceTypes} and {@code DescribeInstanceTypeOfferings} for the
 * host's type in the host's region; refused credentials stop there with a clear message. Creates nothing.
 */
class OrchestratorHostPreflightWireTest {

    private static final String EC2_NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";
    private static final Environment CREDENTIALS = Environment.of(Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    @TempDir
    Path base;

    @Test
    void credentialsRegionAndTypeAreAskedInTheHostsRegion() {
        try (AwsStub stub = new AwsStub(request -> switch (request.action()) {
            case "GetCallerIdentity" -> AwsStub.Answer.ok("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDA</UserId>"
                    + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
                    + "</ResponseMetadata></GetCallerIdentityResponse>");
            case "DescribeInstanceTypes" -> AwsStub.Answer.ok("<DescribeInstanceTypesResponse " + EC2_NS + "><requestId>r</requestId>"
                    + "<instanceTypeSet><item><instanceType>t3.small</instanceType><vCpuInfo><defaultVCpus>2</defaultVCpus>"
                    + "</vCpuInfo><processorInfo><supportedArchitectures><item>x86_64</item></supportedArchitectures>"
                    + "</processorInfo></item></instanceTypeSet></DescribeInstanceTypesResponse>");
            case "DescribeInstanceTypeOfferings" -> AwsStub.Answer.ok("<DescribeInstanceTypeOfferingsResponse " + EC2_NS
                    + "><requestId>r</requestId><instanceTypeOfferingSet><item><instanceType>t3.small</instanceType>"
                    + "<locationType>availability-zone</locationType><location>eu-west-1a</location></item>"
                    + "</instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>");
            default -> AwsStub.Answer.ec2Error("InvalidAction", "unexpected " + request.action());
        })) {
            List<Problem> problems = host(stub).preflight(context());

            assertThat(problems).isEmpty();
            assertThat(stub.requests).extracting(AwsStub.Request::action)
                    .containsExactly("GetCallerIdentity", "DescribeInstanceTypes", "DescribeInstanceTypeOfferings");
            assertThat(stub.requests.get(0).authorization()).contains("/eu-west-1/sts/aws4_request");
            assertThat(stub.requests.get(1).params()).containsEntry("InstanceType.1", "t3.small");
            assertThat(stub.requests.get(2).params()).containsEntry("LocationType", "availability-zone")
                    .containsEntry("Filter.1.Value.1", "t3.small");
        }
    }

    @Test
    void refusedCredentialsAreOneClearProblemAndNothingElseIsAsked() {
        try (AwsStub stub = new AwsStub(request -> new AwsStub.Answer(403,
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid."
                        + "</Message></Error><RequestId>r</RequestId></ErrorResponse>"))) {
            List<Problem> problems = host(stub).preflight(context());

            assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("orchestrator host", "AWS did not accept them in eu-west-1", "InvalidClientTokenId"));
            assertThat(stub.requests).extracting(AwsStub.Request::action).containsExactly("GetCallerIdentity");
        }
    }

    private static AwsOrchestratorHost host(AwsStub stub) {
        return new AwsOrchestratorHost(SdkAwsClients.withEndpoint(stub.endpoint()), AwsInstanceCatalog.bundled());
    }

    private HostContext context() {
        return HostContext.builder("r", base.resolve("run"), Secret.of("unused")).baseDir(base)
                .settings(Map.of("aws", ProviderSettings.of("aws", JsonNodeFactory.instance.objectNode()
                        .put("orchestrator_region", "eu-west-1"))))
                .environment(CREDENTIALS).build();
    }
}
