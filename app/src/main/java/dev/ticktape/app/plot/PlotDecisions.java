package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ticktape plot-decisions}: reads a decision NDJSON file and draws it, once to a PNG, continuously while the
 * file grows ({@code follow}), or as a WebM time-lapse. The search path for ffmpeg is given to the constructor so
 * the missing-ffmpeg path can be exercised.
 */
public final class PlotDecisions {
    /** The one line printed when a WebM is asked for and there is no ffmpeg. */
    public static final String FFMPEG_MISSING =
            "ffmpeg not found on PATH: install it (Debian: apt-get install ffmpeg) or use --out for a PNG";

    /** Exit code when there was nothing to plot. */
    public static final int NO_DECISIONS = 1;
    /** Exit code when a needed tool is missing. */
    public static final int MISSING_TOOL = 2;

    private static final Duration STATUS_PERIOD = Duration.ofSeconds(10);

    /**
     * What to plot and where.
     *
     * @param ndjson    the decision file
     * @param out       the PNG, or null
     * @param webm      the time-lapse video, or null
     * @param interval  how often {@code follow} looks for new lines
     * @param maxRun    how long {@code follow} runs; zero for until stopped
     * @param fps       time-lapse frames per second
     * @param frameStep decisions per time-lapse frame
     */
    public record Request(
            Path ndjson,
            Path out,
            Path webm,
            Selection selection,
            ChartStyle style,
            boolean follow,
            Duration interval,
            Duration maxRun,
            int fps,
            int frameStep) {
        public Request {
            if (out == null && webm == null) {
                throw new IllegalArgumentException("give --out FILE.png, --webm FILE.webm or both");
            }
            if (follow && out == null) throw new IllegalArgumentException("--follow rewrites the PNG: give --out");
            if (follow && webm != null) {
                throw new IllegalArgumentException("--webm renders a finished file: it does not go with --follow");
            }
            if (interval.toMillis() < 50) throw new IllegalArgumentException("--interval-ms must be at least 50");
            if (maxRun.isNegative()) throw new IllegalArgumentException("--max-seconds must not be negative");
            if (fps < 1 || fps > 120) throw new IllegalArgumentException("--fps must be between 1 and 120");
            if (frameStep < 1) throw new IllegalArgumentException("--frame-step must be at least 1");
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final String searchPath;

    /**
     * @param searchPath where to look for ffmpeg, a {@code PATH} value
     */
    public PlotDecisions(PrintWriter out, PrintWriter err, String searchPath) {
        this.out = out;
        this.err = err;
        this.searchPath = searchPath;
    }

    public int run(Request r, Stop stop) throws IOException, InterruptedException {
        try {
            return dispatch(r, stop);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(Request r, Stop stop) throws IOException, InterruptedException {
        Path ffmpeg = null;
        if (r.webm() != null) {
            // Before any reading: a missing tool should not cost a long render first.
            Optional<Path> found = Executables.find("ffmpeg", searchPath);
            if (found.isEmpty()) {
                err.println(FFMPEG_MISSING);
                return MISSING_TOOL;
            }
            ffmpeg = found.get();
        }
        return r.follow() ? follow(r, stop) : once(r, ffmpeg, stop);
    }

    private int once(Request r, Path ffmpeg, Stop stop) throws IOException, InterruptedException {
        if (!Files.isRegularFile(r.ndjson())) throw new IllegalArgumentException("no such file: " + r.ndjson());
        DecisionReader reader = new DecisionReader(r.ndjson());
        DecisionLog log = new DecisionLog(r.selection());
        for (Decision d : reader.poll(true).decisions()) log.add(d);
        if (log.size() == 0) {
            String sel = r.selection().describe();
            err.println("plot-decisions: no decisions in " + r.ndjson() + (sel.isEmpty() ? "" : " for " + sel)
                    + counters(log, reader));
            return NO_DECISIONS;
        }
        String note = note(reader);
        if (r.out() != null) {
            List<InstrumentSeries> series = log.series();
            PngFiles.write(DecisionChart.render(series, r.style(), note, null).image(), r.out());
            out.println("plot-decisions: wrote " + r.out() + ": " + log.size() + " decisions, " + series.size()
                    + " series" + counters(log, reader));
        }
        if (r.webm() != null) {
            int frames;
            String codec;
            try (WebmEncoder enc = WebmEncoder.start(ffmpeg, r.webm(), r.fps())) {
                codec = enc.codec();
                frames = new TimeLapse(r.style(), r.frameStep(), out)
                        .run(log.inBarOrder(), log.manyRuns(), note, enc, stop);
                if (stop.requested()) {
                    err.println("plot-decisions: stopped; no video written");
                    return 130;
                }
                enc.finish();
            }
            out.println("plot-decisions: wrote " + r.webm() + ": " + frames + " frames (" + codec + ", " + r.fps()
                    + " fps, " + r.frameStep() + " decisions a frame)" + counters(log, reader));
        }
        return 0;
    }

    private int follow(Request r, Stop stop) throws IOException, InterruptedException {
        DecisionReader reader = new DecisionReader(r.ndjson());
        DecisionLog log = new DecisionLog(r.selection());
        Throttle status = new Throttle(STATUS_PERIOD);
        long deadline = r.maxRun().isZero()
                ? Long.MAX_VALUE
                : System.nanoTime() + r.maxRun().toNanos();
        long renders = 0;
        boolean waitingSaid = false;
        while (true) {
            boolean last = stop.requested() || System.nanoTime() >= deadline;
            if (Files.isRegularFile(r.ndjson())) {
                if (readInto(reader, log) && log.size() > 0) {
                    PngFiles.write(
                            DecisionChart.render(log.series(), r.style(), note(reader), null)
                                    .image(),
                            r.out());
                    renders++;
                    if (status.ready()) {
                        out.println("plot-decisions: following " + r.ndjson() + ": " + renders + " renders, "
                                + log.size() + " decisions" + counters(log, reader));
                        out.flush();
                    }
                }
            } else if (!waitingSaid) {
                out.println("plot-decisions: waiting for " + r.ndjson() + " to appear");
                out.flush();
                waitingSaid = true;
            }
            if (last) break;
            long left = deadline - System.nanoTime();
            Duration wait = left < r.interval().toNanos() ? Duration.ofNanos(Math.max(0, left)) : r.interval();
            stop.await(wait); // either way the loop makes one last pass, so the PNG has the latest lines
        }
        out.println("plot-decisions: stopped following " + r.ndjson() + ": " + renders + " renders, " + log.size()
                + " decisions" + counters(log, reader));
        return 0;
    }

    /** Adds what was appended; true when anything changed (new decisions, a restart, new bad lines). */
    private static boolean readInto(DecisionReader reader, DecisionLog log) throws IOException {
        long badBefore = reader.badLines();
        DecisionReader.Batch batch = reader.poll(false);
        if (batch.restarted()) log.clear();
        boolean added = false;
        for (Decision d : batch.decisions()) added |= log.add(d);
        return added || batch.restarted() || reader.badLines() != badBefore;
    }

    private static String note(DecisionReader reader) {
        return reader.badLines() == 0 ? null : reader.badLines() + " bad lines skipped";
    }

    /** The counters of one summary line: duplicates, other instruments, bad lines and the first bad one. */
    private static String counters(DecisionLog log, DecisionReader reader) {
        StringBuilder b = new StringBuilder();
        if (log.duplicates() > 0) b.append(", ").append(log.duplicates()).append(" duplicates skipped");
        if (log.unselected() > 0) b.append(", ").append(log.unselected()).append(" lines of other instruments");
        if (reader.badLines() > 0) {
            b.append(", ").append(reader.badLines()).append(" bad lines skipped (first: ");
            b.append(reader.firstBad()).append(')');
        }
        return b.toString();
    }
}
