package dev.benchfleet.core.spi;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceCatalogTest {

    @Test
    void aCatalogThatOnlyKnowsVcpusStillAnswersInfoWithoutAPrice() {
        InstanceCatalog old = type -> type.equals("t3.medium") ? OptionalInt.of(2) : OptionalInt.empty();

        assertThat(old.info("t3.medium")).hasValueSatisfying(info -> {
            assertThat(info.vcpus()).isEqualTo(2);
            assertThat(info.knownPrice()).isEmpty();
            assertThat(info.knownArchitecture()).isEmpty();
        });
        assertThat(old.info("t3.nope")).isEmpty();
        assertThat(InstanceCatalog.of(Map.of("c5.9xlarge", 36)).info("c5.9xlarge")).hasValue(
                InstanceTypeInfo.ofVcpus("c5.9xlarge", 36));
    }

    @Test
    void aFullCatalogGivesEveryFact() {
        HourlyPrice price = new HourlyPrice(new BigDecimal("0.5"), "us-east-1", "a price list", LocalDate.of(2026, 1, 2));
        InstanceTypeInfo a1 = new InstanceTypeInfo("a1.large", 2, Architecture.ARM64, 1, new BigDecimal("4"), price);
        InstanceCatalog catalog = InstanceCatalog.ofTypes(List.of(a1));

        assertThat(catalog.vcpus("a1.large")).hasValue(2);
        assertThat(catalog.info("a1.large")).hasValue(a1);
        assertThat(catalog.knownTypes()).containsExactly("a1.large");
        assertThat(a1.knownThreadsPerCore()).hasValue(1);
        assertThatThrownBy(() -> InstanceCatalog.ofTypes(List.of(a1, a1))).hasMessageContaining("listed twice");
    }

    @Test
    void pricesAreNeverNegativeAndVcpusAtLeastOne() {
        assertThatThrownBy(() -> new HourlyPrice(new BigDecimal("-1"), "r", "s", LocalDate.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstanceTypeInfo.ofVcpus("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void architectureReadsTheNamesCloudsUse() {
        assertThat(Architecture.parse("amd64")).hasValue(Architecture.X86_64);
        assertThat(Architecture.parse("x64")).hasValue(Architecture.X86_64);
        assertThat(Architecture.parse("Arm64")).hasValue(Architecture.ARM64);
        assertThat(Architecture.parse("aarch64")).hasValue(Architecture.ARM64);
        assertThat(Architecture.parse("sparc")).isEmpty();
    }
}
