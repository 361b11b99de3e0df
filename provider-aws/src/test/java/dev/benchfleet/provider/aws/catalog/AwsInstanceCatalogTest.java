package dev.benchfleet.provider.aws.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AwsInstanceCatalogTest {

    private static final AwsInstanceCatalog CATALOG = AwsInstanceCatalog.bundled();
    /** vCPUs of the sizes whose name fixes them (the naming rule of non-burstable families). */
    private static final Map<String, Integer> SIZE_VCPUS = Map.ofEntries(Map.entry("medium", 1), Map.entry("large", 2),
            Map.entry("xlarge", 4), Map.entry("2xlarge", 8), Map.entry("3xlarge", 12), Map.entry("4xlarge", 16),
            Map.entry("6xlarge", 24), Map.entry("8xlarge", 32), Map.entry("9xlarge", 36), Map.entry("12xlarge", 48),
            Map.entry("16xlarge", 64), Map.entry("18xlarge", 72), Map.entry("24xlarge", 96),
            Map.entry("32xlarge", 128), Map.entry("48xlarge", 192), Map.entry("96xlarge", 384));
    private static final Pattern FAMILY = Pattern.compile("([a-z])([0-9]+)([a-z]*)");
    private static final Set<String> BURSTABLE = Set.of("t2", "t3", "t3a", "t4g");

    @Test
    void theFactsOfCloudMdA6() {
        assertThat(vcpus("t3.medium")).isEqualTo(2);
        assertThat(vcpus("c7g.medium")).isEqualTo(1);
        assertThat(vcpus("c7i.large")).isEqualTo(2);
        assertThat(vcpus("c5.9xlarge")).isEqualTo(36);
        assertThat(vcpus("m7i.48xlarge")).isEqualTo(192);
        assertThat(type("a1.large").architecture()).isEqualTo(AwsArchitecture.ARM64);
        // and the ones the original tool got wrong (cloud.md B5)
        assertThat(vcpus("t3.micro")).isEqualTo(2);
        assertThat(vcpus("t2.medium")).isEqualTo(2);
        assertThat(vcpus("c7a.medium")).isEqualTo(1);
        assertThat(vcpus("c8g.medium")).isEqualTo(1);
        assertThat(vcpus("c8i.large")).isEqualTo(2);
        assertThat(vcpus("c7i.48xlarge")).isEqualTo(192);
        assertThat(vcpus("c5.metal")).isEqualTo(96);
        assertThat(type("c5.9xlarge").memoryGib()).isEqualTo(72.0);
    }

    @Test
    void coreSeesTheFacts() {
        dev.benchfleet.core.spi.InstanceCatalog core = CATALOG.coreCatalog();
        assertThat(core.vcpus("c5.9xlarge")).hasValue(36);
        assertThat(core.vcpus("t3.medium")).hasValue(2);
        assertThat(core.vcpus("c7g.huge")).isEmpty();
        assertThat(core.knownTypes()).hasSameSizeAs(CATALOG.types().keySet()).contains("m7i.48xlarge");
        assertThat(core.info("c7g.large").orElseThrow().knownArchitecture())
                .hasValue(dev.benchfleet.core.spi.Architecture.ARM64);
        assertThat(core.info("c7a.large").orElseThrow().knownThreadsPerCore()).hasValue(1);
        assertThat(core.info("c5.9xlarge").orElseThrow().knownMemoryGib().orElseThrow())
                .isEqualByComparingTo("72");
        assertThat(core.info("c7i.large").orElseThrow().knownPrice()).as("no dated price in the file").isEmpty();
    }

    @Test
    void threadsPerCoreFollowTheProcessor() {
        assertThat(type("c7a.large").threadsPerCore()).isEqualTo(1);
        assertThat(type("m7a.large").threadsPerCore()).isEqualTo(1);
        assertThat(type("r7a.large").threadsPerCore()).isEqualTo(1);
        assertThat(type("c6a.large").threadsPerCore()).isEqualTo(2);
        assertThat(type("c7i.large").threadsPerCore()).isEqualTo(2);
        assertThat(type("t2.micro").threadsPerCore()).isEqualTo(1);
        assertThat(type("t3.micro").threadsPerCore()).isEqualTo(2);
        assertThat(type("c7i.large").cores()).isEqualTo(1);
        for (AwsInstanceType t : CATALOG.types().values()) {
            if (t.architecture() == AwsArchitecture.ARM64) {
                assertThat(t.threadsPerCore()).as(t.name() + ": Graviton has no SMT").isEqualTo(1);
            }
        }
    }

    @Test
    void everyFamilyOfA6IsThere() {
        Set<String> families = CATALOG.types().values().stream().map(AwsInstanceType::family).collect(Collectors.toSet());
        for (String letter : List.of("c", "m", "r")) {
            assertThat(families).contains(letter + "5a", letter + "5d", letter + "5n", letter + "6g", letter + "6i",
                    letter + "6a", letter + "6id", letter + "7g", letter + "7gd", letter + "7i", letter + "7a",
                    letter + "8g", letter + "8i", letter + "8a");
        }
        assertThat(families).contains("c6gn", "c7gn", "c6in", "m6in", "r6idn", "t2", "t3", "t3a", "t4g", "a1");
        assertThat(CATALOG.types().keySet()).contains("c7i.metal-24xl", "c7i.metal-48xl", "c7a.metal-48xl",
                "m5.metal", "c6a.48xlarge", "c5n.18xlarge", "m7i.48xlarge", "t3.nano", "a1.metal");
    }

    @Test
    void everyRowAgreesWithTheNamingRules() {
        assertThat(CATALOG.types()).hasSizeGreaterThan(500);
        for (AwsInstanceType t : CATALOG.types().values()) {
            Matcher family = FAMILY.matcher(t.family());
            assertThat(family.matches()).as(t.name()).isTrue();
            // Architecture: the letter right after the generation digits is g (Graviton), plus a1.
            boolean graviton = family.group(3).startsWith("g") || t.family().equals("a1");
            assertThat(t.architecture()).as(t.name())
                    .isEqualTo(graviton ? AwsArchitecture.ARM64 : AwsArchitecture.X86_64);
            if (BURSTABLE.contains(t.family())) {
                continue;
            }
            if (t.size().startsWith("metal-")) {
                // metal-24xl is as big as 24xlarge
                String as = t.size().substring("metal-".length()).replace("xl", "xlarge");
                assertThat(t.vcpus()).as(t.name()).isEqualTo(SIZE_VCPUS.get(as));
            } else if (!t.size().equals("metal")) {
                assertThat(SIZE_VCPUS).as(t.name() + ": a known size").containsKey(t.size());
                assertThat(t.vcpus()).as(t.name()).isEqualTo(SIZE_VCPUS.get(t.size()));
            }
            // Memory per vCPU by family letter: c 2, m 4, r 8 GiB (c5n and a1 are the exceptions).
            if (!t.family().equals("c5n") && !t.family().equals("a1")) {
                int perVcpu = Map.of("c", 2, "m", 4, "r", 8).get(family.group(1));
                assertThat(t.memoryGib()).as(t.name()).isEqualTo((double) perVcpu * t.vcpus());
            }
            // A medium exists only without SMT (one vCPU cannot be half a core).
            if (t.size().equals("medium")) {
                assertThat(t.threadsPerCore()).as(t.name()).isEqualTo(1);
            }
        }
    }

    @Test
    void noPriceIsInventedWithoutADatedSource() {
        assertThat(CATALOG.types().values()).allSatisfy(t -> assertThat(t.onDemandPrice()).as(t.name()).isEmpty());
        assertThat(CATALOG.asOf()).hasToString("2026-11-29");
        assertThat(CATALOG.priceRegion()).isEqualTo("us-east-1");
    }

    @Test
    void nearNamesForAnUnknownType() {
        assertThat(CATALOG.find("c7g.huge")).isEmpty();
        assertThat(CATALOG.near("c7g.huge", 3)).containsExactly("c7g.medium", "c7g.large", "c7g.xlarge");
        assertThat(CATALOG.near("c7q.large", 2)).containsExactly("c7a.large", "c7g.large");
    }

    @Test
    void aBrokenFileIsRefusedWithTheRowAtFault() {
        assertThatThrownBy(() -> read("{\"as_of\":\"2026-11-29\",\"price_region\":\"us-east-1\",\"types\":["
                + "{\"type\":\"c7g.large\",\"vcpus\":2,\"arch\":\"arm64\",\"threads_per_core\":1,\"memory_gib\":4,\"on_demand_usd_per_hour\":null},"
                + "{\"type\":\"c7g.large\",\"vcpus\":2,\"arch\":\"arm64\",\"threads_per_core\":1,\"memory_gib\":4,\"on_demand_usd_per_hour\":null}]}"))
                .hasMessageContaining("$.types[1]").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> read("{\"as_of\":\"2026-11-29\",\"price_region\":\"us-east-1\",\"types\":["
                + "{\"type\":\"c7i.large\",\"vcpus\":3,\"arch\":\"x86_64\",\"threads_per_core\":2,\"memory_gib\":4,\"on_demand_usd_per_hour\":null}]}"))
                .hasMessageContaining("$.types[0]").hasMessageContaining("cores of 2 threads");
        assertThatThrownBy(() -> read("{\"as_of\":\"2026-11-29\",\"price_region\":\"us-east-1\",\"types\":["
                + "{\"type\":\"c7i.large\",\"vcpus\":2,\"arch\":\"amd64\",\"threads_per_core\":2,\"memory_gib\":4,\"on_demand_usd_per_hour\":null}]}"))
                .hasMessageContaining("unknown architecture 'amd64'; known: x86_64, arm64");
        assertThatThrownBy(() -> read("{\"as_of\":\"2026-11-29\",\"price_region\":\"us-east-1\",\"types\":["
                + "{\"type\":\"c7i.large\",\"vcpus\":2,\"arch\":\"x86_64\",\"threads_per_core\":2,\"memory_gib\":4,\"on_demand_usd_per_hour\":-1}]}"))
                .hasMessageContaining("must be > 0 or null");
    }

    private static AwsInstanceCatalog read(String json) throws Exception {
        return AwsInstanceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static AwsInstanceType type(String name) {
        return CATALOG.find(name).orElseThrow(() -> new AssertionError(name + " missing from the catalog"));
    }

    private static int vcpus(String name) {
        return type(name).vcpus();
    }
}
