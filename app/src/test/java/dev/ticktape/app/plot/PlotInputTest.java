package dev.ticktape.app.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Decision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading the NDJSON: bad lines counted and skipped, repeats deduplicated, partial lines waited for; the PnL. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlotInputTest {
    @TempDir
    Path dir;

    @Test
    void badLinesAreSkippedAndCountedInOneSummaryLine() throws Exception {
        List<String> good = new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0)
                .at(10, 1)
                .at(20, 0)
                .lines();
        List<String> lines = new ArrayList<>();
        lines.add(good.get(0));
        lines.add("this is not json");
        lines.add(good.get(1));
        lines.add(good.get(1)); // redelivered
        lines.add("");
        lines.add(good.get(2).replace("\"run_id\":\"r1\",", "")); // missing run_id
        lines.add("{\"type\":\"trade\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\",\"ts_ms\":1767261600000,"
                + "\"price\":1,\"qty\":1}");
        lines.add(good.get(2));
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(ndjson, lines);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PlotDecisions plot = new PlotDecisions(new PrintWriter(out), new PrintWriter(err), "");

        int code = plot.run(request(ndjson, dir.resolve("d.png")), new Stop());

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("plot-decisions: wrote ")
                        .contains("3 decisions, 1 series")
                        .contains("1 duplicates skipped")
                        .contains("3 bad lines skipped (first: line 2: ")
                        .doesNotContain("\n"));
        assertThat(Files.size(dir.resolve("d.png"))).isPositive();
    }

    @Test
    void aFileWithoutDecisionsIsReportedNotDrawn() throws Exception {
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(ndjson, List.of("garbage", "{}"));
        StringWriter err = new StringWriter();
        PlotDecisions plot = new PlotDecisions(new PrintWriter(new StringWriter()), new PrintWriter(err), "");

        int code = plot.run(request(ndjson, dir.resolve("d.png")), new Stop());

        assertThat(code).isEqualTo(PlotDecisions.NO_DECISIONS);
        assertThat(err.toString())
                .startsWith("plot-decisions: no decisions in ")
                .contains("2 bad lines skipped");
        assertThat(dir.resolve("d.png")).doesNotExist();
    }

    @Test
    void theReaderTakesOnlyCompleteLinesUntilTheFinalRead() throws Exception {
        List<String> lines =
                new DecisionLines("binance", "BTCUSDT", "r1").at(0, 0).at(1, 1).lines();
        Path ndjson = dir.resolve("d.ndjson");
        String first = lines.get(0) + "\n";
        String second = lines.get(1);
        Files.writeString(ndjson, first + second.substring(0, 20));
        DecisionReader reader = new DecisionReader(ndjson);

        assertThat(reader.poll(false).decisions()).hasSize(1);
        DecisionLines.append(ndjson, second.substring(20));
        assertThat(reader.poll(false).decisions()).isEmpty(); // still no newline: the sink may be mid-write
        assertThat(reader.poll(true).decisions())
                .singleElement()
                .extracting(Decision::targetExposure)
                .isEqualTo(1.0);
        assertThat(reader.badLines()).isZero();

        Files.writeString(ndjson, lines.get(1) + "\n"); // rewritten shorter: read again from the start
        DecisionReader.Batch again = reader.poll(false);
        assertThat(again.restarted()).isTrue();
        assertThat(again.decisions()).hasSize(1);

        // Rotated: a new file moved into place, already longer than what was read of the old one.
        Path rotated = dir.resolve("new.ndjson");
        DecisionLines.write(rotated, List.of(lines.get(0), lines.get(1), lines.get(0)));
        Files.move(rotated, ndjson, StandardCopyOption.REPLACE_EXISTING);
        DecisionReader.Batch afterRotation = reader.poll(false);
        assertThat(afterRotation.restarted()).isTrue();
        assertThat(afterRotation.decisions()).hasSize(3);
    }

    @Test
    void repeatsAndOtherInstrumentsAreLeftOut() {
        DecisionLog log = new DecisionLog(new Selection("BINANCE", "btcusdt"));
        List<Decision> btc =
                new DecisionLines("binance", "BTCUSDT", "r1").at(0, 0).at(1, 1).decisions();
        List<Decision> otherRun =
                new DecisionLines("binance", "BTCUSDT", "r2").at(0, 1).decisions();
        List<Decision> eth =
                new DecisionLines("binance", "ETHUSDT", "r1").at(0, 1).decisions();

        btc.forEach(log::add);
        btc.forEach(log::add);
        otherRun.forEach(log::add);
        eth.forEach(log::add);

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.duplicates()).isEqualTo(2);
        assertThat(log.unselected()).isEqualTo(1);
        assertThat(log.series())
                .extracting(InstrumentSeries::label)
                .containsExactly("binance:BTCUSDT (run r1)", "binance:BTCUSDT (run r2)");
    }

    @Test
    void pnlHoldsEachTargetUntilTheNextDecisionNetOfCosts() {
        // Costs are |delta| * close * 0.0008, so each change costs 0.0008 per unit of delta in return units.
        List<Decision> ds = new DecisionLines("binance", "BTCUSDT", "r1")
                .at(0, 0, 0.5, Decision.Posture.ACTIVE, 100)
                .at(1, 1, 0.5, Decision.Posture.ACTIVE, 110)
                .at(2, -1, 0.5, Decision.Posture.ACTIVE, 99)
                .at(3, 0, 0.5, Decision.Posture.ACTIVE, 90)
                .decisions();

        double[] pnl = PnlCurve.of(ds);

        double p0 = 0;
        double p1 = p0 + 0 * (110 - 100) / 100.0 - 1 * 0.0008;
        double p2 = p1 + 1 * (99 - 110) / 110.0 - 2 * 0.0008;
        double p3 = p2 + -1 * (90 - 99) / 99.0 - 1 * 0.0008;
        assertThat(pnl[0]).isCloseTo(p0, within(1e-12));
        assertThat(pnl[1]).isCloseTo(-0.0008, within(1e-12));
        assertThat(pnl[2]).isCloseTo(-0.1024, within(1e-12));
        assertThat(pnl[3]).isCloseTo(p3, within(1e-12));
        assertThat(p3).isCloseTo(-0.1024 + 1 / 11.0 - 0.0008, within(1e-12));
    }

    private static PlotDecisions.Request request(Path ndjson, Path png) {
        return new PlotDecisions.Request(
                ndjson,
                png,
                null,
                Selection.ALL,
                ChartStyle.plain(800, 600),
                false,
                Duration.ofSeconds(1),
                Duration.ZERO,
                10,
                5);
    }
}
