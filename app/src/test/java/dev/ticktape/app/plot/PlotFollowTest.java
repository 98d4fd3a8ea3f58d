package dev.ticktape.app.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.cli.TicktapeCommand;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --follow: the PNG is redrawn from the lines appended while it runs, and it stops when told or timed out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlotFollowTest {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void appendedDecisionsShowUpInTheRewrittenPng() throws Exception {
        DecisionLines all = new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0)
                .at(10, 1)
                .at(20, 1)
                .at(30, -1)
                .at(40, -1);
        List<String> lines = all.lines();
        Path ndjson = dir.resolve("d.ndjson");
        Path png = dir.resolve("live.png");
        DecisionLines.write(ndjson, lines.subList(0, 3)); // never below 0 yet
        StringWriter out = new StringWriter();
        PlotDecisions plot = new PlotDecisions(new PrintWriter(out), new PrintWriter(new StringWriter()), "");
        Stop stop = new Stop();
        Future<Integer> run = pool.submit(() -> plot.run(
                new PlotDecisions.Request(
                        ndjson,
                        png,
                        null,
                        Selection.ALL,
                        ChartStyle.plain(WIDTH, HEIGHT),
                        true,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(50),
                        10,
                        5),
                stop));

        // Where the -1 level is drawn: the exposure axis is fixed, so its rows do not move with the data.
        RenderedChart layout = DecisionChart.render(
                InstrumentSeries.group(all.decisions(), false), ChartStyle.plain(WIDTH, HEIGHT), null, null);
        Rectangle2D area = layout.exposureArea();
        int minusOne = (int) Math.round(PixelScan.yOf(-1, -1.15, 1.15, area));

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(png));
        assertThat(seriesPixelsNear(png, area, minusOne)).isZero();
        long before = Files.getLastModifiedTime(png).toMillis();

        // The sink may be caught mid-line: half a line first, then the rest and one more.
        String rest = lines.get(3) + "\n" + lines.get(4) + "\n";
        DecisionLines.append(ndjson, rest.substring(0, 25));
        DecisionLines.append(ndjson, rest.substring(25));

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> seriesPixelsNear(png, area, minusOne) > 20);
        assertThat(Files.getLastModifiedTime(png).toMillis()).isGreaterThanOrEqualTo(before);

        stop.signal();
        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString())
                .contains("plot-decisions: following " + ndjson)
                .contains("plot-decisions: stopped following " + ndjson)
                .contains("5 decisions");
        // No temporary file is left beside the PNG.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d.ndjson", "live.png");
        }
    }

    @Test
    void maxSecondsEndsTheFollowFromTheCommandLine() throws Exception {
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(
                ndjson,
                new DecisionLines("binance", "BTCUSDT", "r1").at(0, 0).at(5, 1).lines());
        Path png = dir.resolve("live.png");
        CommandLine cl = TicktapeCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));

        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> cl.execute(
                        "plot-decisions",
                        "--ndjson",
                        ndjson.toString(),
                        "--out",
                        png.toString(),
                        "--follow",
                        "--interval-ms",
                        "100",
                        "--max-seconds",
                        "1",
                        "--width",
                        "400",
                        "--height",
                        "300"),
                pool);

        assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(400);
        // One line when it starts rendering and one when it stops: counters, not a line a pass.
        assertThat(out.toString().lines()).hasSize(2);
    }

    private static int seriesPixelsNear(Path png, Rectangle2D area, int row) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            return 0;
        }
        if (image == null) return 0; // never expected (the file is replaced whole), but not worth a crash here
        return new PixelScan(image, area).count(Palette.of(0), row - 3, row + 4);
    }
}
