package dev.benchfleet.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Coordinates and fixed-decimal figures read as {@code %.Nf} writes them. */
class SvgNumbersTest {

    @Test
    void coordinatesHaveOneDecimalRoundedHalfUpAsTheFormatterRoundsThem() {
        for (double value : new double[] {0, 1, 12.25, 12.35, 99.95, 640, 1234.5678, 0.05, 3.14159, 1e7, 42.04999}) {
            assertThat(Svg.px(value)).as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.1f", value));
            assertThat(Svg.fixed(value, 3)).as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.3f", value));
        }
        assertThat(Svg.px(-12.25)).isEqualTo("-12.3");
    }

    @Test
    void noNegativeZeroAndNoNumberForWhatIsNotOne() {
        assertThat(Svg.px(-0.0)).isEqualTo("0.0");
        assertThat(Svg.px(-0.04)).isEqualTo("0.0");
        assertThat(Svg.fixed(Double.NaN, 2)).isEqualTo("–");
        assertThat(Svg.fixed(Double.POSITIVE_INFINITY, 2)).isEqualTo("–");
    }
}
