package dev.ticktape.app.cli;

import dev.ticktape.app.plot.ChartStyle;
import dev.ticktape.app.plot.PlotDecisions;
import dev.ticktape.app.plot.Selection;
import dev.ticktape.app.plot.Stop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "plot-decisions",
        mixinStandardHelpOptions = true,
        description = "Draw a decision NDJSON file (--decision-sink file:...) as a PNG: target exposure stepwise, "
                + "delta exposure, and the notional PnL of holding the targets net of estimated costs "
                + "(docs/plots.md). --follow redraws while the file grows; --webm makes a time-lapse with ffmpeg.")
final class PlotDecisionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--ndjson",
            required = true,
            paramLabel = "FILE",
            description = "Decision NDJSON, one decision a line; bad lines are counted and skipped.")
    Path ndjson;

    @Option(names = "--out", paramLabel = "PNG", description = "PNG to write (replaced atomically).")
    Path out;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "Plot only this symbol.")
    String symbol;

    @Option(names = "--venue", paramLabel = "VENUE", description = "Plot only this venue.")
    String venue;

    @Option(names = "--show-state", description = "Mark the state (+1, 0, -1) where it changes.")
    boolean showState;

    @Option(
            names = "--urgency-thickness",
            description =
                    "Draw each exposure level 1 + 4 x urgency pixels thick (urgency of the decision that set it).")
    boolean urgencyThickness;

    @Option(names = "--posture", description = "Shade the periods in OBSERVE posture (exposure gate closed).")
    boolean posture;

    @Option(
            names = "--width",
            paramLabel = "PX",
            defaultValue = "${env:TICKTAPE_PLOT_WIDTH:-1400}",
            description = "Image width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--height",
            paramLabel = "PX",
            defaultValue = "${env:TICKTAPE_PLOT_HEIGHT:-900}",
            description = "Image height (default ${DEFAULT-VALUE}).")
    int height;

    @Option(
            names = "--follow",
            description = "Keep reading lines appended to --ndjson and rewrite --out when there are new ones, "
                    + "until Ctrl-C or --max-seconds.")
    boolean follow;

    @Option(
            names = "--interval-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "How often --follow looks for new lines (default ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(
            names = "--max-seconds",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Stop --follow after this long; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long maxSeconds;

    @Option(
            names = "--webm",
            paramLabel = "FILE",
            description = "Write a time-lapse WebM (VP9, else VP8) of the chart as the decisions accumulate; "
                    + "needs ffmpeg on the PATH.")
    Path webm;

    @Option(
            names = "--fps",
            paramLabel = "N",
            defaultValue = "10",
            description = "Time-lapse frames per second (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(
            names = "--frame-step",
            paramLabel = "N",
            defaultValue = "5",
            description = "Decisions added per time-lapse frame (default ${DEFAULT-VALUE}).")
    int frameStep;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PlotDecisions.Request request = new PlotDecisions.Request(
                ndjson,
                out,
                webm,
                new Selection(venue, symbol),
                new ChartStyle(width, height, showState, urgencyThickness, posture),
                follow,
                Duration.ofMillis(intervalMs),
                Duration.ofSeconds(maxSeconds),
                fps,
                frameStep);
        PlotDecisions plot = new PlotDecisions(
                spec.commandLine().getOut(), spec.commandLine().getErr(), System.getenv("PATH"));
        Stop stop = new Stop();
        if (!follow && webm == null) return plot.run(request, stop);
        // Ctrl-C: let the loop finish its pass (the PNG is replaced whole, a partial video removed) before exit.
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.signal();
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "plot-decisions-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return plot.run(request, stop);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }
}
