package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.jfree.data.Range;

/**
 * The time-lapse: the chart as the decisions accumulate, one frame every {@code frameStep} decisions in bar order
 * and one with all of them. The time axis is fixed to the whole run, so the lines grow from left to right
 * instead of the axis rescaling under them.
 */
final class TimeLapse {
    private final ChartStyle style;
    private final int frameStep;
    private final PrintWriter progress;

    TimeLapse(ChartStyle style, int frameStep, PrintWriter progress) {
        this.style = style;
        this.frameStep = frameStep;
        this.progress = progress;
    }

    /** How many frames {@code n} decisions give. */
    static int frameCount(int n, int frameStep) {
        return n == 0 ? 0 : (n + frameStep - 1) / frameStep;
    }

    /**
     * Renders the frames into {@code encoder}; returns the frames written, fewer than planned when stopped.
     *
     * @param ordered   the decisions in bar order
     * @param labelRuns whether the legend names runs (decided over all decisions, so it does not change)
     */
    int run(List<Decision> ordered, boolean labelRuns, String note, WebmEncoder encoder, Stop stop) throws IOException {
        int n = ordered.size();
        int frames = frameCount(n, frameStep);
        Range domain = fullRange(ordered);
        Throttle throttle = new Throttle(Duration.ofSeconds(10));
        for (int f = 1; f <= frames; f++) {
            if (stop.requested()) return f - 1;
            int upto = Math.min(n, f * frameStep);
            List<InstrumentSeries> series = InstrumentSeries.group(ordered.subList(0, upto), labelRuns);
            encoder.frame(DecisionChart.render(series, style, note, domain).image());
            if (throttle.ready() && f < frames) {
                progress.printf("plot-decisions: time-lapse frame %d/%d (%d decisions)%n", f, frames, upto);
                progress.flush();
            }
        }
        return frames;
    }

    /** First bar to one bar past the last, with the chart's usual 1% margins. */
    static Range fullRange(List<Decision> ordered) {
        double lo = ordered.get(0).tsMs();
        double hi = ordered.get(ordered.size() - 1).tsMs() + DecisionChart.BAR_MS;
        double pad = (hi - lo) * 0.01;
        return new Range(lo - pad, hi + pad);
    }
}
