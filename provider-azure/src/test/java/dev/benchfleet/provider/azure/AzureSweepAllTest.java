package dev.benchfleet.provider.azure;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.SweepContext;
import dev.benchfleet.provider.azure.catalog.AzureVmCatalog;
import dev.benchfleet.provider.azure.sweep.SweepTiming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nuke --all} on Azure: every benchfleet-managed resource group of the subscription, against the in-memory ARM. */
class AzureSweepAllTest {

    @TempDir
    Path tmp;
    private AzureFixture fixture;
    private final FakeArm arm = new FakeArm();
    private final List<ProviderEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AzureFixture(tmp);
        arm.addGroup("benchfleet-111", Map.of("benchfleet-managed", "true", "benchfleet-run-id", "111"));
        arm.addGroup("benchfleet-222", Map.of("benchfleet-managed", "true", "benchfleet-run-id", "222"));
        arm.addGroup("someone-elses", Map.of("owner", "team-x"));
    }

    private List<StartedResource> sweepAll(Duration deleteWait, Environment environment, List<String> regions) {
        AzureProvider provider = new AzureProvider(AzureVmCatalog.bundled(), arm, new SweepTiming(deleteWait, Duration.ZERO),
                Clock.systemUTC());
        return provider.sweepAll(SweepContext.builder("azure", tmp).environment(environment).regions(regions)
                .events(events::add).build());
    }

    private String messages() {
        return String.join("\n", events.stream().map(ProviderEvent::message).toList());
    }

    @Test
    void everyManagedGroupOfTheSubscriptionIsDeletedAndWaitedForAndNothingElse() {
        List<StartedResource> left = sweepAll(Duration.ofSeconds(5), fixture.environment(), List.of());

        assertThat(left).isEmpty();
        assertThat(arm.groups).containsOnlyKeys("someone-elses");
        assertThat(arm.calls).containsSubsequence("client " + AzureFixture.SUBSCRIPTION, "list benchfleet-managed=true",
                "delete benchfleet-111", "delete benchfleet-222", "exists benchfleet-111", "list benchfleet-managed=true");
        assertThat(messages()).contains("sweeping subscription " + AzureFixture.SUBSCRIPTION,
                "clean (2 resource group(s) deleted)").doesNotContain(AzureFixture.CLIENT_SECRET);

        arm.calls.clear();
        assertThat(sweepAll(Duration.ofSeconds(5), fixture.environment(), List.of())).as("idempotent").isEmpty();
        assertThat(arm.calls).noneMatch(call -> call.startsWith("delete"));
    }

    @Test
    void aGroupStillThereAtTheDeadlineIsReportedAsLeft() {
        arm.deletePolls = 1_000;

        List<StartedResource> left = sweepAll(Duration.ZERO, fixture.environment(), List.of("westeurope"));

        assertThat(left).extracting(StartedResource::kind, StartedResource::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple("resource-group", "benchfleet-111"),
                org.assertj.core.groups.Tuple.tuple("resource-group", "benchfleet-222"));
        assertThat(messages()).contains("in every region: resource groups belong to the subscription");
    }

    @Test
    void withoutCredentialsNothingIsCalledAndANamedAzureRegionSaysWhatWasNotSwept() {
        Environment none = Environment.of(Map.of("HOME", tmp.resolve("empty-home").toString(), "PATH", "/usr/bin"));

        assertThat(sweepAll(Duration.ofSeconds(5), none, List.of())).as("a user of other clouds only").isEmpty();
        assertThat(messages()).contains("no Azure credentials or subscription: nothing swept on Azure");

        List<StartedResource> left = sweepAll(Duration.ofSeconds(5), none, List.of("westeurope"));
        assertThat(left).singleElement().satisfies(resource -> {
            assertThat(resource.kind()).isEqualTo("azure-subscription");
            assertThat(resource.address()).isEqualTo("not swept: no Azure credentials");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.level()).isEqualTo(ProviderEvent.Level.WARN);
            assertThat(event.message()).contains("cannot sweep the Azure subscription", "ARM_CLIENT_SECRET");
        });
        assertThat(arm.calls).isEmpty();
        assertThat(arm.groups).hasSize(3);
    }

    @Test
    void onlyAwsRegionsNamedLeaveAzureAlone() {
        assertThat(sweepAll(Duration.ofSeconds(5), fixture.environment(), List.of("us-east-1"))).isEmpty();
        assertThat(messages()).contains("no Azure region among us-east-1");
        assertThat(arm.calls).isEmpty();
    }
}
