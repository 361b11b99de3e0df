package dev.benchfleet.report.stats;

import org.hipparchus.distribution.continuous.TDistribution;

import java.util.Arrays;

/**
 * n, mean, median, sample standard deviation and the 95 % confidence interval of the mean of a
 * few independent values (one per task). The interval uses Student's t with n − 1 degrees of
 * freedom, because n is small; with one value it is unknown ({@code NaN}).
 */
public record Summary(int n, double mean, double median, double sd, double ciLow, double ciHigh) {

    static final double CONFIDENCE = 0.95;

    public static Summary of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        if (n == 1) {
            return new Summary(1, mean, median, Double.NaN, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double half = t * sd / Math.sqrt(n);
        return new Summary(n, mean, median, sd, mean - half, mean + half);
    }

    public boolean hasInterval() {
        return !Double.isNaN(ciLow);
    }

    /** Whether both intervals are known and share some value. */
    public boolean overlaps(Summary other) {
        return hasInterval() && other.hasInterval() && ciLow <= other.ciHigh && other.ciLow <= ciHigh;
    }
}
