package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static dev.ticktape.topology.BarHarness.key;
import static dev.ticktape.topology.BarHarness.tradeJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.bars.LateHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TradeBarsTest {
    /** A second a few seconds after the harness wall clock starts. */
    private static final long S = T0 + 2_000;

    private final BarHarness h = new BarHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aggregatesOhlcvAndVwapOfOneSecond() {
        h.trade("BTCUSDT", S + 100, 100, 1);
        h.trade("BTCUSDT", S + 200, 102, 2);
        h.trade("BTCUSDT", S + 300, 102, 0); // equal high, zero quantity: counted, no volume
        h.trade("BTCUSDT", S + 400, 99, 3);
        h.trade("BTCUSDT", S + 500, 101, 1);
        h.trade("ETHUSDT", S + 1_250, 5, 1); // watermark S+1250 = end + grace: closes S

        List<TestRecord<String, String>> records = h.drainBars1sRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("binance:BTCUSDT");
        assertThat(records.get(0).timestamp()).isEqualTo(S);
        Bar bar = BarHarness.bar(records.get(0).value());
        assertThat(bar.interval()).isEqualTo(BarInterval.S1);
        assertThat(bar.venue()).isEqualTo("binance");
        assertThat(bar.symbol()).isEqualTo("BTCUSDT");
        assertThat(bar.tsMs()).isEqualTo(S);
        assertThat(bar.open()).isEqualTo(100);
        assertThat(bar.high()).isEqualTo(102);
        assertThat(bar.low()).isEqualTo(99);
        assertThat(bar.close()).isEqualTo(101);
        assertThat(bar.volume()).isEqualTo(7);
        assertThat(bar.trades()).isEqualTo(5);
        assertThat(bar.vwap()).isCloseTo((100 + 204 + 0 + 297 + 101) / 7.0, within(1e-12));
        assertThat(bar.source()).isEqualTo("live:BTCUSDT");
        assertThat(h.counter("ticktape.bars.emitted", "interval", "1s")).isEqualTo(1);
    }

    @Test
    void leavesVwapEmptyWhenTheSecondHadNoVolume() {
        h.trade("BTCUSDT", S + 100, 100, 0);
        h.advanceWallClock(5_000);

        Bar bar = h.drainBars1s().get(0);
        assertThat(bar.volume()).isZero();
        assertThat(bar.trades()).isEqualTo(1);
        assertThat(bar.vwap()).isNull();
    }

    @Test
    void labelsBarWithSourceOfFirstProcessedTrade() {
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 500, 100, 1, "\"source\":\"feed-a\""));
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 100, 100, 1, "\"source\":\"feed-b\""));
        h.advanceWallClock(5_000);

        assertThat(h.drainBars1s()).singleElement().extracting(Bar::source).isEqualTo("feed-a");
    }

    @Test
    void putsTradeAtSecondEndIntoNextBar() {
        h.trade("BTCUSDT", S + 999, 100, 1);
        h.trade("BTCUSDT", S + 1_000, 200, 1);
        h.advanceWallClock(5_000);

        List<Bar> bars = h.drainBars1s();
        assertThat(bars).extracting(Bar::tsMs).containsExactly(S, S + 1_000);
        assertThat(bars).extracting(Bar::close).containsExactly(100.0, 200.0);
        assertThat(bars).extracting(Bar::trades).containsExactly(1L, 1L);
    }

    @Test
    void countsOutOfOrderTradesWithinGraceByEventTime() {
        h.trade("BTCUSDT", S + 500, 2, 1);
        h.trade("BTCUSDT", S + 100, 1, 1);
        h.trade("BTCUSDT", S + 900, 4, 1);
        h.trade("BTCUSDT", S + 1_200, 9, 1); // watermark S+1200: bar S still open (grace ends at S+1250)
        h.trade("BTCUSDT", S + 700, 3, 1);
        assertThat(h.bars1s.isEmpty()).isTrue();
        h.advanceWallClock(5_000);

        Bar bar = h.drainBars1s().get(0);
        assertThat(bar.tsMs()).isEqualTo(S);
        assertThat(bar.open()).isEqualTo(1);
        assertThat(bar.close()).isEqualTo(4);
        assertThat(bar.trades()).isEqualTo(4);
        assertThat(h.late.isEmpty()).isTrue();
    }

    @Test
    void breaksTimestampTiesByArrival() {
        h.trade("BTCUSDT", S + 500, 1, 1);
        h.trade("BTCUSDT", S + 500, 2, 1);
        h.trade("BTCUSDT", S + 500, 3, 1);
        h.advanceWallClock(5_000);

        Bar bar = h.drainBars1s().get(0);
        assertThat(bar.open()).isEqualTo(1);
        assertThat(bar.close()).isEqualTo(3);
    }

    @Test
    void revisesAnEmittedBarWithATradeBeyondGrace() {
        h.trade("BTCUSDT", S + 100, 100, 1);
        h.trade("BTCUSDT", S + 1_300, 101, 1); // closes bar S
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 200, 500, 9));
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 300, 90, 1));
        h.advanceWallClock(5_000);

        List<Bar> bars = h.drainBars1s();
        // First emission, then one revision carrying both late trades, then the next second (a pass closes in
        // start order).
        assertThat(bars)
                .extracting(Bar::tsMs, Bar::revision, Bar::trades)
                .containsExactly(tuple(S, 0, 1L), tuple(S, 1, 3L), tuple(S + 1_000, 0, 1L));
        Bar revised = bars.get(1);
        assertThat(revised.open()).isEqualTo(100);
        assertThat(revised.high()).isEqualTo(500);
        assertThat(revised.low()).isEqualTo(90);
        assertThat(revised.close()).isEqualTo(90); // S+300 is the latest trade of the second
        assertThat(revised.volume()).isEqualTo(11);
        assertThat(revised.vwap()).isCloseTo((100 + 4500 + 90) / 11.0, within(1e-9));
        assertThat(h.late.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.trades.revising")).isEqualTo(2);
        assertThat(h.counter("ticktape.bars.revised", "interval", "1s")).isEqualTo(1);
    }

    @Test
    void sendsTradeBeyondAllowedLatenessToLateTopicWithReason() {
        try (BarHarness strict =
                new BarHarness(TopologyConfig.defaults().withAllowedLateness(Duration.ofSeconds(5)), T0)) {
            strict.trade("BTCUSDT", S + 100, 100, 1);
            strict.trade("BTCUSDT", S + 7_000, 101, 1); // bar S ended 6 s before the newest trade
            String straggler = tradeJson("BTCUSDT", S + 200, 500, 9);
            strict.trades.pipeInput(key("BTCUSDT"), straggler);
            strict.advanceWallClock(5_000);

            List<Bar> bars = strict.drainBars1s();
            assertThat(bars).extracting(Bar::tsMs).containsExactly(S, S + 7_000);
            assertThat(bars.get(0).trades()).isEqualTo(1);
            TestRecord<String, String> late = strict.late.readRecord();
            assertThat(late.key()).isEqualTo("binance:BTCUSDT");
            assertThat(late.value()).isEqualTo(straggler);
            assertThat(header(late.headers(), LateHeaders.BAR_START)).isEqualTo(Long.toString(S));
            assertThat(header(late.headers(), LateHeaders.INTERVAL)).isEqualTo("1s");
            assertThat(header(late.headers(), LateHeaders.REASON)).isEqualTo(LateHeaders.BEYOND_LATENESS);
            assertThat(strict.late.isEmpty()).isTrue();
            assertThat(strict.counter("ticktape.trades.late")).isEqualTo(1);
        }
    }

    @Test
    void closesQuietInstrumentOnWallClock() {
        h.trade("BTCUSDT", S + 500, 100, 1);
        h.advanceWallClock(500); // watermark S+1000: inside grace
        assertThat(h.bars1s.isEmpty()).isTrue();
        h.advanceWallClock(300); // watermark S+1300 >= S+1000+250
        assertThat(h.drainBars1s()).extracting(Bar::tsMs).containsExactly(S);
    }

    @Test
    void emitsExactlyOneBarPerInstrumentSecond() {
        h.trade("BTCUSDT", S + 100, 100, 1);
        h.trade("BTCUSDT", S + 900, 101, 1);
        for (int i = 1; i <= 5; i++) h.trade("ETHUSDT", S + i * 1_100L, 5, 1);
        h.advanceWallClock(10_000);
        h.trade("ETHUSDT", S + 20_000, 5, 1);
        h.advanceWallClock(10_000);

        List<Bar> btc = h.drainBars1s().stream()
                .filter(b -> b.symbol().equals("BTCUSDT"))
                .toList();
        assertThat(btc).singleElement().satisfies(b -> {
            assertThat(b.tsMs()).isEqualTo(S);
            assertThat(b.trades()).isEqualTo(2);
        });
    }

    @Test
    void ignoresRepeatedTradeIdButCountsIdenticalTradesWithoutId() {
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 100, 100, 1, "\"trade_id\":\"42\""));
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 100, 100, 1, "\"trade_id\":\"42\""));
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 200, 100, 1, "\"trade_id\":\"43\""));
        h.trades.pipeInput(key("ETHUSDT"), tradeJson("ETHUSDT", S + 100, 5, 1, "\"trade_id\":\"42\""));
        h.trade("SOLUSDT", S + 300, 7, 1);
        h.trade("SOLUSDT", S + 300, 7, 1);
        h.advanceWallClock(5_000);

        List<Bar> bars = h.drainBars1s();
        assertThat(bars)
                .filteredOn(b -> b.symbol().equals("BTCUSDT"))
                .singleElement()
                .satisfies(b -> assertThat(b.trades()).isEqualTo(2))
                .satisfies(b -> assertThat(b.volume()).isEqualTo(2));
        assertThat(bars)
                .filteredOn(b -> b.symbol().equals("ETHUSDT"))
                .singleElement()
                .satisfies(b -> assertThat(b.trades()).isEqualTo(1));
        assertThat(bars)
                .filteredOn(b -> b.symbol().equals("SOLUSDT"))
                .singleElement()
                .satisfies(b -> assertThat(b.trades()).isEqualTo(2));
        assertThat(h.counter("ticktape.trades.duplicate")).isEqualTo(1);
    }

    @Test
    void forgetsTradeIdsOnceTheirBarClosed() {
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 100, 100, 1, "\"trade_id\":\"42\""));
        h.advanceWallClock(5_000);
        // Same id in a later second is a different trade (ids are unique per instrument and second here).
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 7_100, 100, 1, "\"trade_id\":\"42\""));
        h.advanceWallClock(5_000);

        assertThat(h.drainBars1s()).extracting(Bar::trades).containsExactly(1L, 1L);
        assertThat(h.driver
                        .<Bytes, byte[]>getKeyValueStore(BarTopology.TRADE_IDS_STORE)
                        .approximateNumEntries())
                .isZero();
    }

    @Test
    void aggregatesUnkeyedAndMiskeyedTradesWithKeyedOnes() {
        h.trade("BTCUSDT", S + 100, 100, 1);
        h.trades.pipeInput((String) null, tradeJson("BTCUSDT", S + 200, 101, 1)); // kafka-console-producer
        h.trades.pipeInput("binance:ETHUSDT", tradeJson("BTCUSDT", S + 300, 102, 1)); // wrong key
        h.trade("BTCUSDT", S + 400, 103, 1);
        h.advanceWallClock(5_000);

        List<TestRecord<String, String>> records = h.drainBars1sRecords();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("binance:BTCUSDT");
            Bar bar = BarHarness.bar(r.value());
            assertThat(bar.trades()).isEqualTo(4);
            assertThat(bar.open()).isEqualTo(100);
            assertThat(bar.close()).isEqualTo(103);
        });
    }

    @Test
    void stampsMissingReceiveTimeWithWallClock() {
        try (BarHarness strict = new BarHarness(TopologyConfig.defaults().withAllowedLateness(Duration.ZERO), T0)) {
            strict.trade("BTCUSDT", S + 100, 100, 1);
            strict.trade("BTCUSDT", S + 1_300, 100, 1); // closes S, and with no allowed lateness it is final
            strict.trades.pipeInput(
                    (String) null,
                    "{\"type\":\"trade\",\"symbol\":\"btcusdt\",\"ts_ms\":" + (S + 200) + ",\"price\":1,\"qty\":1}");

            TestRecord<String, String> late = strict.late.readRecord();
            assertThat(late.key()).isEqualTo("ndjson:BTCUSDT");
            assertThat(BarHarness.CODEC
                            .decode(late.value().getBytes(StandardCharsets.UTF_8))
                            .recvMs())
                    .isEqualTo(T0);
        }
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.US_ASCII);
    }
}
