package dev.benchfleet.provider.aws.preflight;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.FakeAws;
import dev.benchfleet.provider.aws.catalog.AwsArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class AwsPreflightTest {

    private static PlannedType planned(int index, String type, int vcpus, AwsArchitecture arch) {
        return new PlannedType("aws[" + index + "]", type, OptionalInt.of(vcpus), "the bundled catalog", arch, "the bundled catalog");
    }

    @Test
    void everythingRightIsNoProblem() {
        FakeAws aws = new FakeAws().type("c7g.medium", 1, "arm64", "us-east-1a", "us-east-1b");
        assertThat(new AwsPreflight(aws, Environment.empty(), "us-east-1").check(List.of(planned(0, "c7g.medium", 1, AwsArchitecture.ARM64))))
                .isEmpty();
        assertThat(aws.calls).contains("get-caller-identity", "describe-instance-types c7g.medium",
                "describe-instance-type-offerings c7g.medium");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        FakeAws aws = new FakeAws().type("c7g.medium", 2, "arm64", "us-east-1a").type("c7i.large", 2, "x86_64", "us-east-1a")
                .type("m7a.large", 2, "x86_64");
        List<Problem> problems = new AwsPreflight(aws, Environment.empty(), "us-east-1").check(List.of(
                planned(0, "c7g.medium", 1, AwsArchitecture.ARM64),
                planned(1, "c7i.large", 2, AwsArchitecture.ARM64),
                planned(2, "m7a.large", 2, AwsArchitecture.X86_64),
                planned(3, "c99.large", 2, AwsArchitecture.X86_64)));

        assertThat(problems).extracting(Problem::toString).satisfiesExactly(
                vcpus -> assertThat(vcpus).startsWith("aws[0].instance_type").contains("2 vCPUs according to EC2", "says 1", "\"vcpus\": 2"),
                arch -> assertThat(arch).startsWith("aws[1].instance_type").contains("runs x86_64", "says arm64"),
                zones -> assertThat(zones).startsWith("aws[2].instance_type").contains("no availability zone of us-east-1"),
                unknown -> assertThat(unknown).startsWith("aws[3].instance_type").contains("does not know 'c99.large'"));
    }

    @Test
    void refusedCredentialsStopTheOtherChecks() {
        FakeAws aws = new FakeAws().refuseCredentials("InvalidClientTokenId");
        List<Problem> problems = new AwsPreflight(aws, Environment.empty(), "eu-west-1").check(
                List.of(planned(0, "c7g.medium", 1, AwsArchitecture.ARM64)));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("InvalidClientTokenId", "eu-west-1", "AWS_ACCESS_KEY_ID"));
        assertThat(aws.calls).containsExactly("get-caller-identity");
    }
}
