package dev.ticktape.topology.summaries;

import dev.ticktape.model.Summary;
import java.util.List;

/**
 * The summary of one window's 1s bars, field by field as {@code docs/analytics.md} defines it. Pure.
 *
 * <p>Spreads are two-pass (mean first, then deviations from it) rather than running sums of squares, which
 * cancel catastrophically for prices far from zero; that keeps the results within ~1e-12 relative of SQL's
 * {@code stddev_pop} and {@code regr_slope} over the stored bars.
 */
final class SummaryMath {
    /** Seconds in a 365-day year: the realised variance per second of window is scaled by this. */
    static final double SECONDS_PER_YEAR = 31_536_000.0;

    private SummaryMath() {}

    /**
     * @param bars     the bars starting in {@code [endMs - windowMs, endMs)}, oldest first; at least one
     * @param endMs    the window end (exclusive): the end of the bar the summary belongs to
     * @param windowMs the window length, whole seconds
     * @param recvMs   when it was computed
     */
    static Summary compute(String venue, String symbol, List<SecondBar> bars, long endMs, long windowMs, long recvMs) {
        int n = bars.size();
        if (n == 0) throw new IllegalArgumentException("a summary needs at least one bar");
        long windowStart = endMs - windowMs;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double volume = 0;
        double priceVolume = 0;
        double xSum = 0;
        double squaredReturns = 0;
        long revision = 0;
        for (int i = 0; i < n; i++) {
            SecondBar b = bars.get(i);
            double c = b.close();
            sum += c;
            min = Math.min(min, c);
            max = Math.max(max, c);
            volume += b.volume();
            priceVolume += b.price() * b.volume();
            xSum += seconds(b, windowStart);
            revision += b.revision();
            if (i > 0) {
                double r = Math.log(c / bars.get(i - 1).close());
                squaredReturns += r * r;
            }
        }

        double mean;
        double stdev;
        if (min == max) {
            // Exact for flat prices: sum / n can miss the common value by an ulp and invent a spread.
            mean = min;
            stdev = 0;
        } else {
            double approx = sum / n;
            double residual = 0;
            double squares = 0;
            for (SecondBar b : bars) {
                double d = b.close() - approx;
                residual += d;
                squares += d * d;
            }
            // Corrected two-pass: the residual removes what rounding left in the first pass's mean.
            mean = approx + residual / n;
            stdev = Math.sqrt(Math.max(0, squares - residual * residual / n) / n);
        }

        Double slope = null;
        Double slopeNorm = null;
        Double realizedVol = null;
        if (n >= 2) {
            double xMean = xSum / n;
            double sxx = 0;
            double sxy = 0;
            for (SecondBar b : bars) {
                double dx = seconds(b, windowStart) - xMean;
                sxx += dx * dx;
                sxy += dx * (b.close() - mean);
            }
            slope = sxy / sxx; // distinct starts, so sxx > 0
            slopeNorm = slope / mean;
            realizedVol = Math.sqrt(squaredReturns * SECONDS_PER_YEAR / (windowMs / 1000.0));
        }
        double first = bars.get(0).close();
        double last = bars.get(n - 1).close();
        return new Summary(
                venue,
                symbol,
                endMs,
                recvMs,
                windowMs,
                n,
                (int) (windowMs / 1000),
                first,
                last,
                Math.log(last / first),
                mean,
                stdev,
                min,
                max,
                slope,
                slopeNorm,
                stdev == 0 ? null : (last - mean) / stdev,
                realizedVol,
                volume,
                volume == 0 ? null : priceVolume / volume,
                (int) Math.min(Integer.MAX_VALUE, revision));
    }

    /** The regression's x: seconds from the window start to the bar start. */
    private static double seconds(SecondBar b, long windowStart) {
        return (b.startMs() - windowStart) / 1000.0;
    }
}
