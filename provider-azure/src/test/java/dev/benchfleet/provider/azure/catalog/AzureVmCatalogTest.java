package dev.benchfleet.provider.azure.catalog;

import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.InstanceTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundled Azure catalog: cloud.md A6's facts, the families it must cover, and how it reads its file. */
class AzureVmCatalogTest {

    private static final AzureVmCatalog CATALOG = AzureVmCatalog.bundled();

    @ParameterizedTest(name = "{0}: {1} vCPUs, {2}")
    @CsvSource({
            // cloud.md A6's facts
            "Standard_D2ps_v5, 2, arm64",
            "Standard_E4-2s_v5, 2, x86_64",
            "Standard_D14_v2, 16, x86_64",
            "Standard_F4s_v2, 4, x86_64",
            // the number in the name is not the vCPU count
            "Standard_D3_v2, 4, x86_64",
            "Standard_DS14_v2, 16, x86_64",
            "Standard_E96-24s_v5, 24, x86_64",
            "Standard_E64-16ads_v5, 16, x86_64",
            // the original tool's sizes and the example's
            "Standard_D2s_v5, 2, x86_64",
            "Standard_D2pls_v6, 2, arm64",
            "Standard_D2als_v6, 2, x86_64",
            "Standard_D2ls_v6, 2, x86_64",
            "Standard_F2als_v6, 2, x86_64",
            "Standard_B1s, 1, x86_64",
            "Standard_B2pts_v2, 2, arm64",
            "Standard_E2pds_v5, 2, arm64",
            "Standard_F72s_v2, 72, x86_64",
            "Standard_D4_v3, 4, x86_64"})
    void knowsTrueVcpusAndArchitecture(String size, int vcpus, String arch) {
        AzureVmSize row = CATALOG.find(size).orElseThrow();
        assertThat(row.vcpus()).isEqualTo(vcpus);
        assertThat(row.architecture().label()).isEqualTo(arch);
        InstanceTypeInfo info = CATALOG.coreCatalog().info(size).orElseThrow();
        assertThat(info.vcpus()).isEqualTo(vcpus);
        assertThat(info.knownArchitecture()).hasValue(row.architecture());
        assertThat(info.knownMemoryGib()).isPresent();
        assertThat(info.knownPrice()).as("no dated price source: null, never invented").isEmpty();
    }

    @Test
    void threadsPerCoreSaysWhichSizesPairRunnersOnACore() {
        assertThat(CATALOG.find("Standard_D2s_v5").orElseThrow().threadsPerCore()).isEqualTo(2);
        assertThat(CATALOG.find("Standard_D2als_v6").orElseThrow().threadsPerCore()).isEqualTo(2);
        assertThat(CATALOG.find("Standard_F2als_v6").orElseThrow().threadsPerCore()).isEqualTo(1);
        assertThat(CATALOG.find("Standard_D2pls_v6").orElseThrow().threadsPerCore()).isEqualTo(1);
        assertThat(CATALOG.find("Standard_B2s").orElseThrow().threadsPerCore()).as("not published: unknown").isZero();
    }

    @Test
    void coversTheFamiliesOfTheDesign() {
        for (String size : new String[] {"Standard_D96ds_v5", "Standard_D64plds_v5", "Standard_D96as_v5", "Standard_E20ds_v5",
                "Standard_E32ps_v5", "Standard_D128s_v6", "Standard_D96pds_v6", "Standard_D48alds_v6", "Standard_E96ads_v6",
                "Standard_E64pds_v6", "Standard_F64ams_v6", "Standard_F48as_v6", "Standard_B20ms", "Standard_B32als_v2",
                "Standard_B16ps_v2", "Standard_D15_v2", "Standard_DS5_v2", "Standard_D64s_v3", "Standard_E4-2ads_v5"}) {
            assertThat(CATALOG.find(size)).as(size).isPresent();
        }
    }

    @Test
    void architectureOfEveryRowIsWhatItsFeatureLettersSay() {
        for (AzureVmSize size : CATALOG.sizes()) {
            assertThat(AzureSizeName.parse(size.name()).orElseThrow().inferredArchitecture()).as(size.name())
                    .isEqualTo(size.architecture());
        }
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownOnesInferTheirArchitecture() {
        assertThat(CATALOG.find("standard_d2ps_v5")).map(AzureVmSize::vcpus).hasValue(2);
        assertThat(CATALOG.coreCatalog().vcpus("STANDARD_F4S_V2")).hasValue(4);
        assertThat(CATALOG.find("Standard_D2pds_v9")).isEmpty();
        assertThat(CATALOG.architectureOf("Standard_D2pds_v9")).isEqualTo(Architecture.ARM64);
        assertThat(CATALOG.architectureOf("Standard_D2ads_v9")).isEqualTo(Architecture.X86_64);
    }

    @Test
    void nearNamesStartWithTheSameFamily() {
        assertThat(CATALOG.near("Standard_D2pls_v7", 3)).allMatch(name -> name.startsWith("Standard_D2pl"));
        assertThat(CATALOG.near("Standard_F3s_v2", 4)).allMatch(name -> name.startsWith("Standard_F"));
    }

    @Test
    void aBrokenFileNamesTheRow() {
        String file = "{\"as_of\": \"2026-11-29\", \"price_region\": \"eastus\", \"sizes\": ["
                + "{\"size\": \"Standard_D2s_v5\", \"vcpus\": 2, \"arch\": \"x86_64\", \"threads_per_core\": 2, \"memory_gib\": 8, \"on_demand_usd_per_hour\": null},"
                + "{\"size\": \"Standard_D2s_v5\", \"vcpus\": 2, \"arch\": \"x86_64\", \"threads_per_core\": 2, \"memory_gib\": 8, \"on_demand_usd_per_hour\": null}]}";
        assertThatThrownBy(() -> AzureVmCatalog.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), "t.json"))
                .hasMessageContaining("t.json: $.sizes[1]: Standard_D2s_v5 is listed twice");
        String odd = file.replace("\"threads_per_core\": 2, \"memory_gib\": 8, \"on_demand_usd_per_hour\": null},{", "\"threads_per_core\": 3, \"memory_gib\": 8, \"on_demand_usd_per_hour\": null},{");
        assertThatThrownBy(() -> AzureVmCatalog.read(new ByteArrayInputStream(odd.getBytes(StandardCharsets.UTF_8)), "t.json"))
                .hasMessageContaining("$.sizes[0]").hasMessageContaining("threads_per_core");
    }
}
