package dev.benchfleet.core.registry;

import dev.benchfleet.core.spi.SpiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Same MAJOR, and the provider's MINOR no greater than ours. */
class SpiCompatibilityTest {

    @ParameterizedTest(name = "provider {0} on runner {1}: {2}")
    @CsvSource({
            "1.0, 1.0, true",
            "1.0, 1.3, true",
            "1.2, 1.3, true",
            "1.3, 1.3, true",
            "1.4, 1.3, false",
            "2.0, 1.3, false",
            "0.9, 1.3, false",
            "1.0, 2.0, false",
            "1.10, 1.9, false",
            "1.9, 1.10, true",
            "1, 1.0, false",
            "x.y, 1.0, false",
            "'', 1.0, false"})
    void followsTheRule(String provider, String runner, boolean compatible) {
        assertThat(SpiCompatibility.incompatibility(provider, runner).isEmpty()).isEqualTo(compatible);
    }

    @ParameterizedTest
    @CsvSource({"3.0", "1.0", "2.999"})
    void theMessageNamesBothVersions(String provider) {
        assertThat(SpiCompatibility.incompatibility(provider, SpiVersion.CURRENT)).hasValueSatisfying(message ->
                assertThat(message).contains(provider).contains(SpiVersion.CURRENT));
    }

    @Test
    void thisBuildsVersionIsWellFormed() {
        assertThat(SpiVersion.CURRENT).matches("\\d+\\.\\d+");
        assertThat(SpiCompatibility.incompatibility(SpiVersion.CURRENT, SpiVersion.CURRENT)).isEmpty();
    }
}
