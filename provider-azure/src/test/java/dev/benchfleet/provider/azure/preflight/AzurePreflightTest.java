package dev.benchfleet.provider.azure.preflight;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.provider.azure.arm.ArmApi;
import dev.benchfleet.provider.azure.arm.ArmException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pre-flight against an in-memory subscription: every problem at once, refused credentials stop the rest. */
class AzurePreflightTest {

    private static final class Subscription implements ArmApi {
        ArmException refused;
        String state = "Enabled";
        final List<VmSku> skus = new ArrayList<>(List.of(
                new VmSku("Standard_D2ps_v5", "standardDPSv5Family", 2, 2, "Arm64", "V2", false),
                new VmSku("Standard_E4-2s_v5", "standardESv5Family", 2, 4, "x64", "V1,V2", false),
                new VmSku("Standard_F4s_v2", "standardFSv2Family", 4, 4, "x64", "V1,V2", false),
                new VmSku("Standard_A4", "standardA0_A7Family", 8, 8, "x64", "V1", false),
                new VmSku("Standard_D2als_v6", "standardDALSv6Family", 2, 2, "x64", "V2", true)));
        final List<Usage> usages = new ArrayList<>(List.of(new Usage("cores", "Total Regional vCPUs", 2, 20),
                new Usage("lowPriorityCores", "Total Regional Spot vCPUs", 0, 3),
                new Usage("standardDPSv5Family", "Standard DPSv5 Family vCPUs", 0, 4),
                new Usage("standardESv5Family", "Standard ESv5 Family vCPUs", 0, 10)));
        final List<String> calls = new ArrayList<>();

        @Override
        public ArmApi.Subscription subscription() {
            calls.add("subscription");
            if (refused != null) {
                throw refused;
            }
            return new ArmApi.Subscription("s", "Bench", state);
        }

        @Override
        public List<ResourceGroup> resourceGroupsTagged(String tag, String value) {
            return List.of();
        }

        @Override
        public boolean resourceGroupExists(String name) {
            return false;
        }

        @Override
        public void beginDeleteResourceGroup(String name) {
        }

        @Override
        public List<VmSku> vmSkus(String region) {
            calls.add("skus " + region);
            return skus;
        }

        @Override
        public List<Usage> usages(String region) {
            calls.add("usages " + region);
            return usages;
        }

        @Override
        public String serialLog(String resourceGroup, String vmName) {
            return "";
        }
    }

    private final Subscription arm = new Subscription();

    private List<Problem> check(PlannedSize... sizes) {
        return new AzurePreflight(arm, "eastus").check(List.of(sizes));
    }

    @Test
    void aRunThatFitsHasNoProblems() {
        assertThat(check(new PlannedSize("azure[0]", "Standard_D2ps_v5", 2, Architecture.ARM64, 2, false),
                new PlannedSize("azure[1]", "standard_e4-2s_v5", 2, Architecture.X86_64, 2, false))).isEmpty();
        assertThat(arm.calls).containsExactly("subscription", "skus eastus", "usages eastus");
    }

    @Test
    void refusedCredentialsStopTheRest() {
        arm.refused = new ArmException(401, "InvalidAuthenticationToken", "GET /subscriptions/s: HTTP 401 InvalidAuthenticationToken");

        assertThat(check(new PlannedSize("azure[0]", "Standard_D2ps_v5", 2, Architecture.ARM64, 1, false)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("the credentials were refused", "401"));
        assertThat(arm.calls).containsExactly("subscription");
    }

    @Test
    void everySizeProblemIsReportedAtOnce() {
        List<Problem> problems = check(
                new PlannedSize("azure[0]", "Standard_D2pls_v9", 2, Architecture.ARM64, 1, false),
                new PlannedSize("azure[1]", "Standard_D2als_v6", 2, Architecture.X86_64, 1, false),
                new PlannedSize("azure[2]", "Standard_E4-2s_v5", 4, Architecture.X86_64, 1, false),
                new PlannedSize("azure[3]", "Standard_D2ps_v5", 2, Architecture.X86_64, 1, false),
                new PlannedSize("azure[4]", "Standard_A4", 8, Architecture.X86_64, 1, false));

        assertThat(problems).extracting(Problem::path).containsExactly("azure[0].instance_type", "azure[1].instance_type",
                "azure[2].instance_type", "azure[3].arch", "azure[4].instance_type");
        assertThat(problems.get(0).message()).contains("not offered in eastus");
        assertThat(problems.get(1).message()).contains("restricted");
        assertThat(problems.get(2).message()).contains("has 2 vCPUs", "counted 4", "\"vcpus\": 2");
        assertThat(problems.get(3).message()).contains("arm64", "\"arch\": \"arm64\"");
        assertThat(problems.get(4).message()).contains("generation V1", "Gen2");
    }

    @Test
    void aFamilyQuotaShortfallNamesTheFamilyTheNeedAndTheLimit() {
        List<Problem> problems = check(new PlannedSize("azure[0]", "Standard_D2ps_v5", 2, Architecture.ARM64, 3, false),
                new PlannedSize("azure[1]", "Standard_F4s_v2", 4, Architecture.X86_64, 1, true));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).message()).contains("quota lowPriorityCores", "needs 4 vCPUs", "limit is 3");
        assertThat(problems.get(1).message()).contains("quota standardDPSv5Family", "Standard DPSv5 Family vCPUs",
                "needs 6 vCPUs", "limit is 4", "0 in use");
    }

    @Test
    void theRegionalQuotaCountsWhatIsAlreadyInUse() {
        arm.usages.set(0, new ArmApi.Usage("cores", "Total Regional vCPUs", 16, 20));

        // Two constrained-core E4-2s_v5: 2 vCPUs each to the benchmark, 4 each to the quota.
        assertThat(check(new PlannedSize("azure[0]", "Standard_E4-2s_v5", 2, Architecture.X86_64, 2, false)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("quota cores", "needs 8 vCPUs",
                        "limit is 20 with 16 in use (4 free)"));
    }

    @Test
    void aDisabledSubscriptionIsAProblem() {
        arm.state = "Disabled";
        assertThat(check(new PlannedSize("azure[0]", "Standard_D2ps_v5", 2, Architecture.ARM64, 1, false)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Disabled"));
    }
}
