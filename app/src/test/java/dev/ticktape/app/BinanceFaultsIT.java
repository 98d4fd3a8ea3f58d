package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Topics;
import dev.ticktape.venuesim.FakeBinanceServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Binance adapter against the fake venue, through the real broker, the topology and DuckDB: abrupt closes,
 * a missing pong, {@code serverShutdown} and a dropped depth update, one after the other. The adapter recovers by
 * itself each time, publishes the status transitions, and the stored 1s bars equal a GROUP BY over the venue's own
 * trade record, i.e. an uninterrupted run. Grace is 5 s here: gap-filled trades arrive after a reconnect, and a
 * deployment that wants them in the bars (rather than in md.late) sizes its grace to its recovery time.
 */
@ExtendWith(SharedKafkaBroker.class)
class BinanceFaultsIT {
    private static final List<String> SYMBOLS = List.of("btcusdt", "ethusdt");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void barsEqualTheVenueRecordThroughDisconnectsShutdownsAndSequenceGaps(@TempDir Path dir) throws Exception {
        BinanceKind kind = new BinanceKind(true, 5);
        PlatformSpec base = TestPlatforms.all(dir);
        PlatformSpec spec = TestPlatforms.shared("faults", dir)
                .streams(base.streams().topology().withGrace(Duration.ofSeconds(5)), 1)
                .sink(base.sink())
                .control(new PlatformSpec.ControlSpec(
                        List.of(kind), Map.of("binance", SYMBOLS), false, Duration.ofSeconds(30), Map.of(), null))
                .build();
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            FakeBinanceServer venue = kind.venue();
            pause(Duration.ofSeconds(2));
            venue.abruptClose();
            pause(Duration.ofSeconds(3));
            venue.stopPongs();
            pause(Duration.ofSeconds(4));
            venue.sendServerShutdown();
            pause(Duration.ofSeconds(3));
            venue.dropNextDepthUpdate();
            venue.abruptClose();
            pause(Duration.ofSeconds(3));
            venue.pauseMarket();

            Map<String, Long> firstIds = firstTradeIds();
            TreeMap<String, TradeReplay.Row> expected = expectedBars(venue, firstIds);
            long expectedTrades = expected.values().stream()
                    .mapToLong(TradeReplay.Row::trades)
                    .sum();
            try (Connection c = p.database().orElseThrow().openReader()) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", "binance") >= expectedTrades);
                pause(Duration.ofSeconds(1)); // nothing more may arrive
                BarAssertions.assertSameBars(TradeReplay.storedBars(c, "binance"), expected);
            }
            assertThat(p.registry().counter("ticktape.trades.late").count()).isZero();
            List<String> states = statusStates();
            assertThat(states).contains("disconnected", "connected");
            assertThat(states.lastIndexOf("connected")).isGreaterThan(states.indexOf("disconnected"));
        }
    }

    private static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos()); // the venue runs in real time; the faults are spread over it
    }

    /** The first trade id the adapter published per symbol: the venue's record before it is not ours to have. */
    private Map<String, Long> firstTradeIds() throws Exception {
        Map<String, Long> first = new HashMap<>();
        for (JsonNode t : read(Topics.TRADES, 200)) {
            first.merge(t.path("symbol").asText(), t.path("trade_id").asLong(), Math::min);
        }
        return first;
    }

    private List<String> statusStates() throws Exception {
        List<String> s = new ArrayList<>();
        for (JsonNode n : read(Topics.STATUS, 3)) s.add(n.path("state").asText());
        return s;
    }

    private List<JsonNode> read(String topic, int atLeast) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        SharedKafkaBroker.bootstrapServers(),
                        "group.id",
                        SharedKafkaBroker.uniqueName("r"),
                        "auto.offset.reset",
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || empty < 3)) {
                var recs = c.poll(Duration.ofMillis(300));
                empty = recs.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : recs) out.add(json.readTree(r.value()));
            }
        }
        return out;
    }

    private static TreeMap<String, TradeReplay.Row> expectedBars(FakeBinanceServer venue, Map<String, Long> firstIds)
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(symbol VARCHAR, id BIGINT, ts BIGINT, price DOUBLE, qty DOUBLE)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
                for (String s : SYMBOLS) {
                    String sym = s.toUpperCase(java.util.Locale.ROOT);
                    for (FakeBinanceServer.SimTradeView v : venue.trades(s)) {
                        if (v.id() < firstIds.getOrDefault(sym, Long.MAX_VALUE)) continue;
                        ins.setString(1, sym);
                        ins.setLong(2, v.id());
                        ins.setLong(3, v.timeMs());
                        ins.setDouble(4, v.price());
                        ins.setDouble(5, v.qty());
                        ins.addBatch();
                    }
                }
                ins.executeBatch();
            }
            return TradeReplay.rows(
                    st,
                    "SELECT symbol, (ts // 1000) * 1000, first(price ORDER BY ts, id), max(price),"
                            + " min(price), last(price ORDER BY ts, id), sum(qty), count(*), sum(price * qty) / sum(qty)"
                            + " FROM t GROUP BY ALL");
        }
    }
}
