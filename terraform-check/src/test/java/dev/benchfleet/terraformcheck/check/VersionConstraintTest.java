package dev.benchfleet.terraformcheck.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {

    @ParameterizedTest(name = "\"{0}\" admits {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "~> 6.25      | 6.25.0 | true",
        "~> 6.25      | 6.99.1 | true",
        "~> 6.25      | 7.0.0  | false",
        "~> 6.25      | 6.24.9 | false",
        "~> 6.25.0    | 6.25.7 | true",
        "~> 6.25.0    | 6.26.0 | false",
        "~> 6         | 6.0.0  | true",
        ">= 3.7, < 4  | 3.7.2  | true",
        ">= 3.7, < 4  | 4.0.0  | false",
        "= 4.1.0      | 4.1.0  | true",
        "4.1.0        | 4.1.1  | false",
        "!= 4.1.0     | 4.1.0  | false",
        "> 4.55       | 4.55.0 | false",
        "<= 4.55      | 4.55.0 | true"})
    void admits(String constraint, String version, boolean admitted) {
        assertThat(VersionConstraint.parse(constraint)).hasValueSatisfying(c -> assertThat(c.admits(version)).isEqualTo(admitted));
    }

    @ParameterizedTest
    @CsvSource({"latest", "'~> six'", "'>= 1.5,'"})
    void rejectsWhatIsNotAConstraint(String text) {
        assertThat(VersionConstraint.parse(text)).isEmpty();
    }
}
