package dev.benchfleet.provider.aws;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.SweepContext;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.sweep.SweepTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nuke --all} through the provider: which regions, credentials, and the network folders of clean regions. */
class AwsSweepAllTest {

    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    @TempDir
    Path base;
    private final FakeAws aws = new FakeAws();
    private final List<ProviderEvent> events = new ArrayList<>();
    private final AwsProvider provider = new AwsProvider(AwsInstanceCatalog.bundled(), aws,
            new SweepTiming(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ZERO, 3), Clock.systemUTC());

    private List<StartedResource> sweepAll(Map<String, String> env, List<String> regions) {
        Map<String, String> withHome = new java.util.HashMap<>(env);
        withHome.put("HOME", base.resolve("home").toString());
        return provider.sweepAll(SweepContext.builder("aws", base).regions(regions).environment(Environment.of(withHome))
                .events(events::add).build());
    }

    private Path networkFolder(String region) throws Exception {
        Path folder = Files.createDirectories(base.resolve(".benchfleet/networks/aws-" + region));
        Files.writeString(folder.resolve("terraform.tfstate"), "{}");
        return folder;
    }

    @Test
    void sweepsTheDefaultRegionAndEveryRegionWithANetworkFolderAndForgetsTheFoldersOfCleanRegions() throws Exception {
        Path folder = networkFolder("eu-west-1");
        aws.instance("i-1", "100000000000000001").group("sg-1", "100000000000000001")
                .network("vpc-1", "igw-1", "rtb-1", "subnet-a");

        List<StartedResource> left = sweepAll(KEYS, List.of());

        assertThat(left).isEmpty();
        assertThat(aws.calls).filteredOn(c -> c.startsWith("open-ec2")).containsExactly("open-ec2 eu-west-1",
                "open-ec2 us-east-1");
        assertThat(aws.networkLeft()).isEmpty();
        assertThat(aws.state("i-1")).isEqualTo("terminated");
        assertThat(folder).doesNotExist();
        assertThat(events).anySatisfy(e -> assertThat(e.message()).startsWith("eu-west-1: clean"));
    }

    @Test
    void whatCannotBeRemovedIsReportedWithItsRegion() {
        aws.network("vpc-1", "igw-1", "rtb-1", "subnet-a").refuse("vpc-1", 100);

        List<StartedResource> left = sweepAll(KEYS, List.of("eu-central-1"));

        assertThat(left).extracting(r -> r.kind() + " " + r.id()).containsExactly("vpc vpc-1 in eu-central-1");
        assertThat(aws.calls).filteredOn(c -> c.startsWith("open-ec2")).containsExactly("open-ec2 eu-central-1");
    }

    @Test
    void withoutCredentialsNothingIsCalledAndOnlyKnownNetworksCountAsLeft() throws Exception {
        assertThat(sweepAll(Map.of(), List.of())).as("never used AWS here").isEmpty();

        networkFolder("eu-west-1");
        List<StartedResource> left = sweepAll(Map.of(), List.of());

        assertThat(left).extracting(StartedResource::id).containsExactly("eu-west-1", "us-east-1");
        assertThat(left).allSatisfy(r -> assertThat(r.address()).contains("no AWS credentials"));
        assertThat(aws.calls).isEmpty();
    }

    @Test
    void regionsOfOtherCloudsAreNotAws() {
        assertThat(sweepAll(KEYS, List.of("eastus"))).isEmpty();
        assertThat(aws.calls).isEmpty();
    }
}
