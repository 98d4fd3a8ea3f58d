package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.bars.LateHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MinuteRollupTest {
    /** A minute that starts just after the harness wall clock. */
    private static final long M = T0;

    private BarHarness h = new BarHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void secondBar(
            int second,
            double open,
            double high,
            double low,
            double close,
            double volume,
            long trades,
            Double vwap,
            String source) {
        String json = String.format(
                Locale.ROOT,
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\","
                        + "\"ts_ms\":%d,\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,"
                        + "\"volume\":%s,\"trades\":%d%s%s}",
                M + second * 1_000L,
                open,
                high,
                low,
                close,
                volume,
                trades,
                vwap == null ? "" : ",\"vwap\":" + vwap,
                source == null ? "" : ",\"source\":\"" + source + "\"");
        h.bars1sIn.pipeInput("binance:BTCUSDT", json);
    }

    @Test
    void rollsSecondBarsIntoOneMinuteBar() {
        secondBar(0, 10, 12, 9, 11, 2, 3, 10.5, "feed-a");
        secondBar(1, 11, 15, 11, 14, 1, 1, 14.0, "feed-b");
        secondBar(30, 14, 14, 8, 9, 5, 2, null, null); // pre-aggregated bar without vwap
        secondBar(59, 9, 10, 9, 10, 1, 4, 9.5, null);
        h.advanceWallClock(10_000);

        List<TestRecord<String, String>> records = h.bars1m.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("binance:BTCUSDT");
        assertThat(records.get(0).timestamp()).isEqualTo(M);
        Bar bar = BarHarness.bar(records.get(0).value());
        assertThat(bar.interval()).isEqualTo(BarInterval.M1);
        assertThat(bar.tsMs()).isEqualTo(M);
        assertThat(bar.open()).isEqualTo(10);
        assertThat(bar.high()).isEqualTo(15);
        assertThat(bar.low()).isEqualTo(8);
        assertThat(bar.close()).isEqualTo(10);
        assertThat(bar.volume()).isEqualTo(9);
        assertThat(bar.trades()).isEqualTo(10);
        assertThat(bar.vwap()).isCloseTo((10.5 * 2 + 14.0 * 1 + 9.5 * 1) / 4, within(1e-12));
        assertThat(bar.source()).isEqualTo("feed-a");
        assertThat(h.counter("ticktape.bars.emitted", "interval", "1m")).isEqualTo(1);
    }

    @Test
    void replacesRevisedSecondBar() {
        secondBar(5, 10, 20, 5, 15, 100, 50, 12.0, null);
        secondBar(0, 11, 11, 11, 11, 1, 1, 11.0, null);
        secondBar(5, 10, 12, 10, 12, 3, 2, 11.0, null); // correction of second 5
        h.advanceWallClock(70_000);

        Bar bar = h.drainBars1m().get(0);
        assertThat(bar.open()).isEqualTo(11);
        assertThat(bar.high()).isEqualTo(12);
        assertThat(bar.low()).isEqualTo(10);
        assertThat(bar.close()).isEqualTo(12);
        assertThat(bar.volume()).isEqualTo(4);
        assertThat(bar.trades()).isEqualTo(3);
        assertThat(bar.source()).isEqualTo("live:BTCUSDT");
    }

    @Test
    void closesMinuteOnWallClock() {
        secondBar(59, 10, 10, 10, 10, 1, 1, 10.0, null); // watermark = its end, M+60000
        h.advanceWallClock(1_900); // M+61900 < M+60000+2000
        assertThat(h.bars1m.isEmpty()).isTrue();
        h.advanceWallClock(200);
        assertThat(h.drainBars1m()).extracting(Bar::tsMs).containsExactly(M);
    }

    @Test
    void rollsTradesUpThroughSecondBars() {
        h.trade("BTCUSDT", M + 100, 100, 1);
        h.trade("BTCUSDT", M + 1_100, 110, 1);
        h.trade("BTCUSDT", M + 59_900, 90, 2);
        for (int step = 0; step < 50; step++) h.advanceWallClock(100);

        assertThat(h.drainBars1m()).singleElement().satisfies(b -> {
            assertThat(b.open()).isEqualTo(100);
            assertThat(b.close()).isEqualTo(90);
            assertThat(b.trades()).isEqualTo(3);
            assertThat(b.volume()).isEqualTo(4);
        });
    }

    @Test
    void revisesAClosedMinuteWithALateSecondBar() {
        h.advanceWallClock(30_000); // so the bar two minutes in is within the future-skew limit
        secondBar(10, 10, 10, 10, 10, 1, 1, 10.0, null);
        secondBar(59, 10, 10, 10, 10, 1, 1, 10.0, null);
        h.bars1sIn.pipeInput(
                "binance:BTCUSDT",
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\"," + "\"ts_ms\":" + (M + 62_000)
                        + ",\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1}");
        secondBar(20, 50, 50, 50, 50, 1, 1, 50.0, null); // minute M closed at watermark M+63000
        h.advanceWallClock(10_000);

        List<Bar> minuteM = h.drainBars1m().stream().filter(b -> b.tsMs() == M).toList();
        assertThat(minuteM)
                .extracting(Bar::revision, Bar::high, Bar::trades)
                .containsExactly(tuple(0, 10.0, 2L), tuple(1, 50.0, 3L));
        assertThat(h.late.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.bars.revised", "interval", "1m")).isEqualTo(1);
    }

    @Test
    void forwardsSecondBarBeyondAllowedLatenessToLateTopic() {
        h.close();
        h = new BarHarness(TopologyConfig.defaults().withAllowedLateness(Duration.ZERO), T0);
        h.advanceWallClock(30_000); // so the bar two minutes in is within the future-skew limit
        secondBar(10, 10, 10, 10, 10, 1, 1, 10.0, null);
        secondBar(59, 10, 10, 10, 10, 1, 1, 10.0, null);
        h.bars1sIn.pipeInput(
                "binance:BTCUSDT",
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\"," + "\"ts_ms\":" + (M + 62_000)
                        + ",\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1}");
        secondBar(20, 50, 50, 50, 50, 1, 1, 50.0, null); // minute M ended before the newest bar: final
        h.advanceWallClock(10_000);

        assertThat(h.drainBars1m())
                .filteredOn(b -> b.tsMs() == M)
                .singleElement()
                .satisfies(b -> assertThat(b.high()).isEqualTo(10));
        TestRecord<String, String> late = h.late.readRecord();
        assertThat(BarHarness.bar(late.value()).tsMs()).isEqualTo(M + 20_000);
        assertThat(new String(late.headers().lastHeader(LateHeaders.INTERVAL).value(), StandardCharsets.US_ASCII))
                .isEqualTo("1m");
        assertThat(h.counter("ticktape.bars.late", "interval", "1s")).isEqualTo(1);
    }

    @Test
    void routesInvalidSecondBarsToDlqAndKeepsRollingUp() {
        String bad = "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (M + 1_000)
                + ",\"open\":5,\"high\":4,\"low\":3,\"close\":4,\"volume\":1}";
        h.bars1sIn.pipeInput("binance:BTCUSDT", bad);
        h.bars1sIn.pipeInput(
                "binance:BTCUSDT",
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\"," + "\"ts_ms\":" + (M + 1_500)
                        + ",\"open\":4,\"high\":4,\"low\":3,\"close\":4,\"volume\":1}");
        h.bars1sIn.pipeInput("binance:BTCUSDT", BarHarness.tradeJson("BTCUSDT", M + 1_000, 4, 1));
        h.bars1sIn.pipeInput("binance:BTCUSDT", "not json");
        secondBar(2, 10, 10, 10, 10, 1, 1, 10.0, null);
        h.advanceWallClock(70_000);

        List<JsonNode> letters = h.dlq.readValuesToList().stream()
                .map(v -> BarHarness.CODEC.readTree(v.getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(letters)
                .extracting(n -> n.get("reason").asText())
                .containsExactly("inconsistent_ohlc", "not_second_aligned", "unknown_type", "invalid_json");
        assertThat(letters)
                .extracting(n -> n.get("source").asText())
                .containsExactly(
                        "topic:md.bars.1s/0@0", "topic:md.bars.1s/0@1", "topic:md.bars.1s/0@2", "topic:md.bars.1s/0@3");
        assertThat(letters.get(0).get("raw").asText()).isEqualTo(bad);
        assertThat(h.drainBars1m())
                .singleElement()
                .satisfies(b -> assertThat(b.trades()).isEqualTo(1));
    }

    @Test
    void skipsComputedBarsReadBackFromTheTopicBecauseTheyArriveInTask() {
        h.trade("BTCUSDT", M + 100, 10, 1);
        h.trade("BTCUSDT", M + 1_100, 12, 2);
        // The same bar as the topology computes it, read back from md.bars.1s with the origin mark.
        String computed = String.format(
                Locale.ROOT,
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\","
                        + "\"ts_ms\":%d,\"open\":10,\"high\":10,\"low\":10,\"close\":10,\"volume\":1,\"trades\":1}",
                M);
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(
                dev.ticktape.topology.bars.BarOrigin.HEADER,
                "bars-1s".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.bars1sIn.pipeInput(new TestRecord<>("binance:BTCUSDT", computed, headers, M));
        for (int i = 0; i < 650; i++) h.advanceWallClock(100); // live data: the minute closes after 60 s + grace

        List<Bar> minutes = h.drainBars1m();
        assertThat(minutes).hasSize(1);
        assertThat(minutes.get(0).trades()).isEqualTo(2);
        assertThat(minutes.get(0).volume()).isEqualTo(3.0);
    }
}
