package dev.benchfleet.report.stats;

import org.hipparchus.stat.inference.MannWhitneyUTest;

/**
 * Whether two neighbours of the ranking differ beyond the noise, from their per-task scores: the
 * two-sided Mann–Whitney U test (exact for small samples) and whether their 95 % confidence
 * intervals overlap. They are called different when the test says so at 5 % or the intervals
 * are apart; with fewer than two tasks on either side nothing can be said.
 */
public final class NeighbourTest {

    public static final double ALPHA = 0.05;

    /** The outcome; {@code pValue} is {@code NaN} when the test could not run. */
    public record Verdict(Kind kind, double pValue, boolean intervalsOverlap) {

        public String describe() {
            return switch (kind) {
                case DIFFERENT -> "differs beyond the noise"
                        + (intervalsOverlap ? "" : ": 95 % confidence intervals apart") + (Double.isNaN(pValue) ? "" : p());
                case NOT_DISTINGUISHABLE -> "not distinguishable" + (intervalsOverlap ? ": 95 % confidence intervals overlap" : "")
                        + (Double.isNaN(pValue) ? "" : p());
                case TOO_FEW_TASKS -> "cannot tell: needs at least 2 tasks on each side";
            };
        }

        private String p() {
            return String.format(java.util.Locale.ROOT, "; Mann–Whitney U p = %.3f", pValue);
        }
    }

    public enum Kind { DIFFERENT, NOT_DISTINGUISHABLE, TOO_FEW_TASKS }

    private NeighbourTest() {
    }

    public static Verdict compare(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return new Verdict(Kind.TOO_FEW_TASKS, Double.NaN, false);
        }
        Summary sa = Summary.of(a);
        Summary sb = Summary.of(b);
        boolean overlap = sa.overlaps(sb);
        double p = new MannWhitneyUTest().mannWhitneyUTest(a, b);
        boolean different = p < ALPHA || !overlap;
        return new Verdict(different ? Kind.DIFFERENT : Kind.NOT_DISTINGUISHABLE, p, overlap);
    }
}
