package dev.ticktape.app.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.app.cli.TicktapeCommand;
import dev.ticktape.model.Decision;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The PNG: its size, and the exposure series read back from its pixels as steps at the decision times. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlotChartTest {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 700;
    /** The exposure axis is fixed to this range, so levels sit at the same rows whatever the data. */
    private static final double AXIS = 1.15;

    @TempDir
    Path dir;

    /** 0, +1 at 10 s, -1 at 30 s, 0 at 50 s, with no-change decisions between that must not show. */
    private static DecisionLines steps() {
        return new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0)
                .at(10, 1)
                .at(20, 1)
                .at(30, -1)
                .at(40, -1)
                .at(50, 0);
    }

    private static int execute(String... args) {
        CommandLine cl = TicktapeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void theStepSeriesChangesLevelExactlyAtTheDecisionTimesAndIsFlatBetween() throws Exception {
        DecisionLines steps = steps();
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(ndjson, steps.lines());
        Path png = dir.resolve("out/decisions.png");

        int code = execute(
                "plot-decisions",
                "--ndjson",
                ndjson.toString(),
                "--out",
                png.toString(),
                "--width",
                Integer.toString(WIDTH),
                "--height",
                Integer.toString(HEIGHT));

        assertThat(code).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);

        // Where the panels are: the same chart rendered here, which must be the very image the command wrote.
        RenderedChart layout = DecisionChart.render(
                InstrumentSeries.group(steps.decisions(), false), ChartStyle.plain(WIDTH, HEIGHT), null, null);
        assertThat(samePixels(layout.image(), image)).isTrue();
        Rectangle2D area = layout.exposureArea();
        assertThat(area.getMaxY()).isLessThan(layout.deltaArea().getMinY());

        double x10 = x(10, layout);
        double x30 = x(30, layout);
        double x50 = x(50, layout);
        double x51 = x(51, layout); // the last target is drawn one bar past the last decision
        double yUp = PixelScan.yOf(1, -AXIS, AXIS, area);
        double yZero = PixelScan.yOf(0, -AXIS, AXIS, area);
        double yDown = PixelScan.yOf(-1, -AXIS, AXIS, area);

        PixelScan scan = new PixelScan(image, area);
        Color series = Palette.of(0);
        int risers = 0;
        List<Integer> riserColumns = new ArrayList<>();
        for (int x = (int) Math.ceil(x(0, layout)) + 3; x < (int) Math.floor(x51) - 2; x++) {
            int[] rows = scan.rows(x, series);
            assertThat(rows).as("series drawn in column %d", x).isNotNull();
            boolean nearChange = Math.abs(x - x10) <= 2 || Math.abs(x - x30) <= 2 || Math.abs(x - x50) <= 2;
            int span = rows[1] - rows[0];
            if (span > 6) {
                riserColumns.add(x);
                assertThat(nearChange)
                        .as("a vertical move at column %d is at a decision that changed the target", x)
                        .isTrue();
                continue;
            }
            if (nearChange) continue;
            // Flat: one level, and the one set by the last change before this column.
            double level = (rows[0] + rows[1]) / 2.0;
            double expected = x < x10 ? yZero : x < x30 ? yUp : x < x50 ? yDown : yZero;
            assertThat(level).as("level in column %d", x).isCloseTo(expected, within(2.5));
        }
        // One riser per change, each spanning the two levels it joins.
        assertThat(riserColumns).anyMatch(x -> Math.abs(x - x10) <= 2);
        assertThat(riserColumns).anyMatch(x -> Math.abs(x - x30) <= 2);
        assertThat(riserColumns).anyMatch(x -> Math.abs(x - x50) <= 2);
        int tallest = 0;
        for (int x = (int) x30 - 2; x <= (int) x30 + 2; x++) {
            int[] rows = scan.rows(x, series);
            tallest = Math.max(tallest, rows[1] - rows[0]);
        }
        assertThat(tallest).isGreaterThan((int) (yDown - yUp) - 6);
    }

    @Test
    void urgencyThicknessDrawsAStrongDecisionsLevelThickerThanAWeakOnes() throws Exception {
        DecisionLines d = new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0, 0.0, Decision.Posture.ACTIVE, 100)
                .at(10, 1, 1.0, Decision.Posture.ACTIVE, 100)
                .at(30, -1, 0.0, Decision.Posture.ACTIVE, 100)
                .at(50, -1, 0.0, Decision.Posture.ACTIVE, 100);
        RenderedChart chart = DecisionChart.render(
                InstrumentSeries.group(d.decisions(), false),
                new ChartStyle(WIDTH, HEIGHT, false, true, false),
                null,
                null);
        PixelScan scan = new PixelScan(chart.image(), chart.exposureArea());
        int strong = scan.rows((int) x(20, chart), Palette.of(0))[2];
        int weak = scan.rows((int) x(40, chart), Palette.of(0))[2];
        // 1 + 4 * urgency pixels: 5 against 1 (antialiasing may add an edge row).
        assertThat(strong).isGreaterThanOrEqualTo(4);
        assertThat(weak).isLessThanOrEqualTo(2);
    }

    @Test
    void postureShadesTheObservePeriodOnly() throws Exception {
        DecisionLines d = new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0)
                .at(10, 1)
                .at(20, 1, 0.5, Decision.Posture.OBSERVE, 100)
                .at(30, 1, 0.5, Decision.Posture.OBSERVE, 100)
                .at(40, 1, 0.5, Decision.Posture.ACTIVE, 100)
                .at(50, 0);
        List<InstrumentSeries> series = InstrumentSeries.group(d.decisions(), false);
        RenderedChart shaded =
                DecisionChart.render(series, new ChartStyle(WIDTH, HEIGHT, false, false, true), null, null);
        RenderedChart plain = DecisionChart.render(series, ChartStyle.plain(WIDTH, HEIGHT), null, null);
        Rectangle2D area = shaded.exposureArea();
        int y = (int) PixelScan.yOf(0.75, -AXIS, AXIS, area); // between grid lines and away from the series
        Color shade = blend(DecisionChart.OBSERVE_SHADE, Color.WHITE);
        // Most of the row is background; a vertical grid line may cross it here and there.
        assertThat(share(shaded, 21, 39, y, shade)).isGreaterThan(0.8);
        assertThat(share(shaded, 1, 9, y, Color.WHITE)).isGreaterThan(0.8);
        assertThat(share(shaded, 41, 49, y, Color.WHITE)).isGreaterThan(0.8);
        assertThat(share(plain, 21, 39, y, Color.WHITE)).isGreaterThan(0.8);
        assertThat(share(plain, 21, 39, y, shade)).isZero();
        assertThat(DecisionChart.observePeriods(series, 0)).singleElement().satisfies(r -> {
            assertThat(r.getLowerBound()).isEqualTo(DecisionLines.T0 + 20_000);
            assertThat(r.getUpperBound()).isEqualTo(DecisionLines.T0 + 40_000);
        });
    }

    @Test
    void showStateMarksEachStateChange() throws Exception {
        List<InstrumentSeries> series = InstrumentSeries.group(steps().decisions(), false);
        Color marker = Palette.of(0).darker();
        RenderedChart marked =
                DecisionChart.render(series, new ChartStyle(WIDTH, HEIGHT, true, false, false), null, null);
        RenderedChart plain = DecisionChart.render(series, ChartStyle.plain(WIDTH, HEIGHT), null, null);
        PixelScan withMarks = new PixelScan(marked.image(), marked.exposureArea());
        PixelScan without = new PixelScan(plain.image(), plain.exposureArea());
        assertThat(withMarks.count(marker, 0, HEIGHT)).isGreaterThan(20);
        assertThat(without.count(marker, 0, HEIGHT)).isZero();
        // States 0, +1, -1, 0: four changes, the no-change decisions are not marked.
        assertThat(DecisionChart.stateChanges(series.get(0).decisions()))
                .extracting(Decision::state)
                .containsExactly(0, 1, -1, 0);
    }

    private static double x(int seconds, RenderedChart chart) {
        return PixelScan.xOf(DecisionLines.T0 + seconds * 1000L, chart, chart.exposureArea());
    }

    /** The share of the pixels of row {@code y} between two times whose colour is {@code c} (exactly). */
    private static double share(RenderedChart chart, int fromSeconds, int toSeconds, int y, Color c) {
        int x0 = (int) Math.ceil(x(fromSeconds, chart));
        int x1 = (int) Math.floor(x(toSeconds, chart));
        int hits = 0;
        for (int x = x0; x <= x1; x++) {
            int rgb = chart.image().getRGB(x, y);
            Color p = new Color(rgb);
            if (Math.abs(p.getRed() - c.getRed()) <= 2
                    && Math.abs(p.getGreen() - c.getGreen()) <= 2
                    && Math.abs(p.getBlue() - c.getBlue()) <= 2) hits++;
        }
        return hits / (double) (x1 - x0 + 1);
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) return false;
            }
        }
        return true;
    }

    /** A translucent colour painted over an opaque one. */
    private static Color blend(Color over, Color under) {
        double a = over.getAlpha() / 255.0;
        return new Color(
                (int) Math.round(over.getRed() * a + under.getRed() * (1 - a)),
                (int) Math.round(over.getGreen() * a + under.getGreen() * (1 - a)),
                (int) Math.round(over.getBlue() * a + under.getBlue() * (1 - a)));
    }
}
