package dev.ticktape.topology.query;

import static dev.ticktape.topology.summaries.SummaryHarness.S;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.Summary;
import dev.ticktape.topology.summaries.SummaryConfig;
import dev.ticktape.topology.summaries.SummaryHarness;
import dev.ticktape.topology.summaries.SummaryMetrics;
import dev.ticktape.topology.summaries.SummaryTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads a latest store the summariser filled: key {@code <window ms>|venue:symbol}. */
class LatestValueQueriesTest {
    private final SummaryHarness h = new SummaryHarness(
            new SummaryConfig(List.of(Duration.ofSeconds(6), Duration.ofSeconds(60)), Duration.ofMinutes(15)));

    @AfterEach
    void close() {
        h.close();
    }

    private KeyValueStore<Bytes, byte[]> store() {
        return h.driver.getKeyValueStore(SummaryTopology.LATEST_STORE);
    }

    private static Summary decode(byte[] json) {
        return (Summary) SummaryHarness.CODEC.decode(json);
    }

    @Test
    void keyIsPrefixBarInstrumentInUtf8() {
        assertThat(new String(LatestValueQueries.key("60000", "binance:BTCUSDT").get(), StandardCharsets.UTF_8))
                .isEqualTo("60000|binance:BTCUSDT");
    }

    @Test
    void readsOneInstrumentsLatestValueOfASeries() {
        h.bar(S, 100);
        h.bar(S + 1_000, 101);

        Summary s = decode(LatestValueQueries.read(store(), new InstrumentId("binance", "BTCUSDT"), "6000"));
        assertThat(s.windowMs()).isEqualTo(6_000);
        assertThat(s.tsMs()).isEqualTo(S + 2_000);
        assertThat(LatestValueQueries.read(store(), new InstrumentId("binance", "ETHUSDT"), "6000"))
                .isNull();
    }

    @Test
    void scansOneSeriesOrderedByInstrumentAndNoOther() {
        h.bar("XRPUSDT", S, 0.5, 1, null, 0);
        h.bar("BTCUSDT", S, 100, 1, null, 0);
        h.bar("ETHUSDT", S, 50, 1, null, 0);

        // "6000|" must not match the "60000|" keys of the other window.
        List<Summary> six = LatestValueQueries.scan(store(), "6000").stream()
                .map(LatestValueQueriesTest::decode)
                .toList();
        assertThat(six).extracting(Summary::symbol).containsExactly("BTCUSDT", "ETHUSDT", "XRPUSDT");
        assertThat(six).allSatisfy(s -> assertThat(s.windowMs()).isEqualTo(6_000));
        assertThat(LatestValueQueries.scan(store(), "60000")).hasSize(3);
        assertThat(LatestValueQueries.scan(store(), "1m")).isEmpty();
    }

    @Test
    void answersUnavailableUntilStreamsRuns() throws Exception {
        Path dir = Files.createTempDirectory("ticktape-latest-query");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ticktape-test-analytics");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put("processing.exception.handler.global.enabled", true);
        StreamsBuilder builder = new StreamsBuilder();
        SummaryTopology.addTo(builder, SummaryConfig.defaults(), new SummaryMetrics(new SimpleMeterRegistry()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) { // created, never started
            LatestValueQueries q = new LatestValueQueries(streams, null, SummaryTopology.LATEST_STORE);
            assertThat(q.get(new InstrumentId("binance", "BTCUSDT"), "60000"))
                    .isInstanceOf(QueryResult.Unavailable.class);
            assertThat(q.owned("60000")).isInstanceOf(QueryResult.Unavailable.class);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
