package dev.ticktape.topology.greeks;

import static dev.ticktape.topology.greeks.GreeksHarness.OCC;
import static dev.ticktape.topology.greeks.GreeksHarness.T0;
import static dev.ticktape.topology.greeks.GreeksHarness.json;
import static dev.ticktape.topology.greeks.GreeksHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.Greeks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GreeksTopologyTest {
    private static final long TS = T0 - 10_000;
    private final GreeksHarness h = new GreeksHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void forwardsAndStoresAcceptedSnapshot() {
        h.send("tastytrade", TS, 0.55);

        TestRecord<String, String> out = h.accepted.readRecord();
        assertThat(out.key()).isEqualTo("tastytrade|" + OCC);
        assertThat(out.timestamp()).isEqualTo(TS);
        Greeks g = GreeksHarness.decode(out.value());
        assertThat(g.venue()).isEqualTo("tastytrade");
        assertThat(g.contract().occ()).isEqualTo(OCC);
        assertThat(g.delta()).isEqualTo(0.55);
        assertThat(g.account()).isEqualTo("ACC1");
        assertThat(h.accepted.isEmpty()).isTrue();
        assertThat(h.stored("tastytrade")).isEqualTo(g);
        assertThat(h.counter("ticktape.greeks.forwarded")).isEqualTo(1);
    }

    @Test
    void countsAndDropsSnapshotOlderThanStored() {
        h.send("tastytrade", TS, 0.55);
        h.send("tastytrade", TS - 1, 0.40);

        assertThat(h.drainAccepted()).extracting(Greeks::delta).containsExactly(0.55);
        assertThat(h.stored("tastytrade").delta()).isEqualTo(0.55);
        assertThat(h.counter("ticktape.greeks.out_of_order")).isEqualTo(1);
    }

    @Test
    void countsAndDropsIdenticalRepeatButForwardsSameTimeCorrection() {
        h.send("tastytrade", TS, 0.55);
        h.send("tastytrade", TS, 0.55);
        h.send("tastytrade", TS, 0.56);

        assertThat(h.drainAccepted()).extracting(Greeks::delta).containsExactly(0.55, 0.56);
        assertThat(h.stored("tastytrade").delta()).isEqualTo(0.56);
        assertThat(h.counter("ticktape.greeks.duplicate")).isEqualTo(1);
        assertThat(h.counter("ticktape.greeks.forwarded")).isEqualTo(2);
    }

    @Test
    void keepsSameContractFromTwoBrokersApart() {
        h.send("tastytrade", TS, 0.55);
        h.send("ibkr", TS - 5, 0.53);

        assertThat(h.drainAccepted()).extracting(Greeks::venue).containsExactly("tastytrade", "ibkr");
        assertThat(h.stored("tastytrade").delta()).isEqualTo(0.55);
        assertThat(h.stored("ibkr").delta()).isEqualTo(0.53);
        assertThat(h.counter("ticktape.greeks.out_of_order")).isZero();
    }

    @Test
    void rekeysUnkeyedAndMiskeyedInput() {
        h.greeks.pipeInput(json("ibkr", TS, 0.50));
        h.greeks.pipeInput("ibkr:" + OCC.replace(" ", ""), json("ibkr", TS + 1, 0.51));
        h.greeks.pipeInput(key("ibkr"), json("ibkr", TS + 1, 0.51)); // already stored via the re-key path

        List<TestRecord<String, String>> out = h.accepted.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly(key("ibkr"), key("ibkr"));
        assertThat(out).extracting(r -> GreeksHarness.decode(r.value()).delta()).containsExactly(0.50, 0.51);
        assertThat(h.counter("ticktape.greeks.duplicate")).isEqualTo(1);
    }

    @Test
    void sendsInvalidRecordsToDlqAndKeepsGoing() {
        h.greeks.pipeInput(key("ibkr"), "{\"type\":\"greeks\",");
        h.greeks.pipeInput(
                key("ibkr"), "{\"type\":\"trade\",\"symbol\":\"AAPL\",\"ts_ms\":" + TS + ",\"price\":1,\"qty\":1}");
        h.greeks.pipeInput(key("ibkr"), json("ibkr", T0 + 61_000, 0.5));
        h.greeks.pipeInput((String) null, (String) null);
        h.send("ibkr", TS, 0.5);

        List<JsonNode> letters = h.dlq.readValuesToList().stream()
                .map(v -> GreeksHarness.CODEC.readTree(v.getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(letters)
                .extracting(n -> n.get("reason").asText())
                .containsExactly("invalid_json", "unknown_type", "timestamp_out_of_range", "invalid_json");
        assertThat(letters)
                .extracting(n -> n.get("source").asText())
                .containsExactly(
                        "topic:md.greeks/0@0", "topic:md.greeks/0@1", "topic:md.greeks/0@2", "topic:md.greeks/0@3");
        assertThat(letters.get(0).get("raw").asText()).isEqualTo("{\"type\":\"greeks\",");
        assertThat(h.counter("ticktape.topology.rejected", "reason", "unknown_type"))
                .isEqualTo(1);
        assertThat(h.drainAccepted()).hasSize(1);
    }

    @Test
    void stampsMissingReceiveTimeWithWallClock() {
        String noRecv = json("ibkr", TS, 0.5).replace(String.format(Locale.ROOT, "\"recv_ms\":%d,", TS + 1), "");

        h.greeks.pipeInput(key("ibkr"), noRecv);

        assertThat(h.drainAccepted())
                .singleElement()
                .satisfies(g -> assertThat(g.recvMs()).isEqualTo(T0));
    }

    @Test
    void runsAlongsideTheBarTopology() {
        h.trades.pipeInput(
                "binance:BTCUSDT",
                "{\"type\":\"trade\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\"," + "\"ts_ms\":" + (T0 + 10)
                        + ",\"price\":100,\"qty\":1}");
        h.send("ibkr", TS, 0.5);
        h.advanceWallClock(java.time.Duration.ofSeconds(2));

        assertThat(h.bars1s.readValuesToList()).hasSize(1);
        assertThat(h.drainAccepted()).hasSize(1);
    }
}
