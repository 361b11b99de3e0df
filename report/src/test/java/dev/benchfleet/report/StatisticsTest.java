package dev.benchfleet.report;

import dev.benchfleet.report.stats.NeighbourTest;
import dev.benchfleet.report.stats.Summary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatisticsTest {

    @Test
    void summaryUsesStudentsTWithNMinusOneDegreesOfFreedom() {
        Summary s = Summary.of(new double[] {3, 1, 2});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.median()).isEqualTo(2.0);
        assertThat(s.sd()).isCloseTo(1.0, within(1e-12));
        // t(0.975, 2) = 4.302653; half width = t * sd / sqrt(n)
        double half = 4.302652729911275 / Math.sqrt(3);
        assertThat(s.ciLow()).isCloseTo(2 - half, within(1e-9));
        assertThat(s.ciHigh()).isCloseTo(2 + half, within(1e-9));
    }

    @Test
    void evenCountMedianAndOneValueHasNoInterval() {
        assertThat(Summary.of(new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
        Summary one = Summary.of(new double[] {7});
        assertThat(one.hasInterval()).isFalse();
        assertThat(one.mean()).isEqualTo(7);
        assertThat(Double.isNaN(one.sd())).isTrue();
    }

    @Test
    void neighboursApartAreDifferentAndOverlappingOnesAreNot() {
        NeighbourTest.Verdict apart = NeighbourTest.compare(new double[] {1.00, 1.01, 1.02, 1.03},
                new double[] {1.50, 1.52, 1.49, 1.51});
        assertThat(apart.kind()).isEqualTo(NeighbourTest.Kind.DIFFERENT);
        assertThat(apart.pValue()).isCloseTo(2.0 / 70, within(1e-9)); // exact: the most extreme of C(8,4) orderings, two-sided
        assertThat(apart.intervalsOverlap()).isFalse();

        NeighbourTest.Verdict same = NeighbourTest.compare(new double[] {1.0, 1.3, 0.8, 1.1},
                new double[] {1.05, 0.9, 1.2, 1.0});
        assertThat(same.kind()).isEqualTo(NeighbourTest.Kind.NOT_DISTINGUISHABLE);
        assertThat(same.describe()).contains("not distinguishable");

        assertThat(NeighbourTest.compare(new double[] {1}, new double[] {2, 3}).kind())
                .isEqualTo(NeighbourTest.Kind.TOO_FEW_TASKS);
    }
}
