package dev.ticktape.topology;

import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.bars.BarStateProcessor;
import dev.ticktape.topology.bars.DecodedTrade;
import dev.ticktape.topology.bars.MinuteRollupProcessor;
import dev.ticktape.topology.bars.ProducerBarsFilter;
import dev.ticktape.topology.bars.RekeyedTradeSerde;
import dev.ticktape.topology.bars.TradeBarProcessor;
import dev.ticktape.topology.bars.TradeDecodeProcessor;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Describes the bar topology; {@link dev.ticktape.topology.runtime.StreamsRunner} runs it.
 *
 * <p>Inputs: {@code md.trades} (trade JSON; key {@code venue:symbol}, or none when typed into a console
 * producer) and {@code md.bars.1s} (ohlc1s JSON, from this topology and from gateways' pre-aggregated bars).
 * <br>Outputs: {@code md.bars.1s} (1s bars), {@code md.bars.1m} (1m bars), each emitted when its interval
 * closes and re-emitted with a higher {@code revision} when late input changes it, {@code md.late} (trades and 1s
 * bars beyond the allowed lateness, original value plus {@code ticktape.*} headers), {@code md.dlq} (dead letters). All
 * output keys are {@code venue:symbol}, bar record timestamps are bar starts.
 *
 * <p>One sub-topology, one task per partition: decode, then keyed trades go straight to the bar processor while
 * unkeyed or mis-keyed ones pass the {@value #REKEY_REPARTITION} repartition topic (trade JSON) into the same
 * processor node. The bar processor forwards each final 1s bar to {@code md.bars.1s} and, inside the same task
 * and transaction, to the minute roll-up, which also takes producers' pre-aggregated bars from {@code md.bars.1s}
 * (bars marked with {@link dev.ticktape.topology.bars.BarOrigin} are skipped there: it has them already). Keeping
 * the roll-up in the task means it never waits on another transaction, e.g. one a killed instance left open.
 * {@code md.trades} and {@code md.bars.1s} must therefore have the same number of partitions.
 *
 * <p>Stores (in memory, changelogged, the ones written per trade or tick cached; keys
 * {@code [8-byte bar start][venue:symbol]}):
 * {@value #OPEN_BARS_1S_STORE} (open 1s bars, fixed binary state), {@value #TRADE_IDS_STORE} (trade ids seen
 * per open bar), {@value #PROGRESS_1S_STORE} (the task's producer clocks; the roll-up reads it too),
 * {@value #EMITTED_1S_STORE} (emitted bars within the allowed lateness, for revisions), {@value #OPEN_BARS_1M_STORE}
 * (latest 1s bar per second of each open minute), {@value #PROGRESS_1M_STORE}, {@value #EMITTED_1M_STORE}.
 */
public final class BarTopology {
    public static final String OPEN_BARS_1S_STORE = "bars-1s-open";
    public static final String TRADE_IDS_STORE = "bars-1s-trade-ids";
    public static final String PROGRESS_1S_STORE = "bars-1s-progress";
    public static final String OPEN_BARS_1M_STORE = "bars-1m-open";
    public static final String PROGRESS_1M_STORE = "bars-1m-progress";
    /** Emitted bars within the allowed lateness, so late input can revise them. */
    public static final String EMITTED_1S_STORE = "bars-1s-emitted";

    public static final String EMITTED_1M_STORE = "bars-1m-emitted";
    /** Queryable: the latest final bar per instrument and interval (key {@code 1s|venue:symbol}, bar JSON). */
    public static final String LATEST_BARS_STORE = "bars-latest";
    /** Queryable: the 1s bars of the last {@link #RECENT_WINDOW} per instrument. */
    public static final String RECENT_BARS_STORE = "bars-1s-recent";

    public static final Duration RECENT_WINDOW = Duration.ofMinutes(15);
    public static final String BAR_STATE_PROCESSOR = "bars-state";
    private static final String BAR_STATE_INPUT = "bars-state-input";
    /** Repartition topic name (prefixed with the application id, suffixed {@code -repartition} by Streams). */
    public static final String REKEY_REPARTITION = "trades-rekey";

    public static final String TRADES_SOURCE = "trades-source";
    public static final String DECODE_PROCESSOR = "trades-decode";
    public static final String BAR_1S_PROCESSOR = "bars-1s-aggregate";
    public static final String BARS_1S_SOURCE = "bars-1s-source";
    public static final String ROLLUP_1M_PROCESSOR = "bars-1m-rollup";
    public static final String PRODUCER_BARS_FILTER = "bars-1s-producer-filter";
    /** The roll-up's input: the bar processor's final 1s bars merged with producers' bars from the topic. */
    public static final String ROLLUP_INPUT = "bars-1m-input";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    /**
     * The decode node's children: the DLQ sink, the bar path's merge node, and the first node Streams builds for
     * {@link #REKEY_REPARTITION} ({@code BarTopologyTest} checks that these are the decode node's children).
     */
    static final TradeDecodeProcessor.Routes ROUTES = new TradeDecodeProcessor.Routes(
            "trades-dlq-sink", "trades-merge", REKEY_REPARTITION + "-repartition-filter");
    /** Writes a rejected record's dead letter; nothing else is routed to the DLQ sink. */
    private static final Serde<DecodedTrade> DEAD_LETTER_VALUE =
            Serdes.serdeFrom((topic, v) -> ((DecodedTrade.Rejected) v).deadLetter(), (topic, bytes) -> {
                throw new UnsupportedOperationException("the DLQ is written here, never read");
            });

    private BarTopology() {}

    public static Topology build(TopologyConfig cfg, TopologyMetrics metrics) {
        return build(cfg, metrics, new DrainSignal());
    }

    /** The topology; {@code drain} lets the caller close every open bar before a stop. */
    public static Topology build(TopologyConfig cfg, TopologyMetrics metrics, DrainSignal drain) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, cfg, metrics, drain);
        return builder.build();
    }

    /** Adds the bar topology to {@code builder}, so other topologies can share one Streams client with it. */
    public static void addTo(StreamsBuilder builder, TopologyConfig cfg, TopologyMetrics metrics, DrainSignal drain) {
        EventCodec codec = new EventCodec();
        // Cached: the stores written per trade or per tick, where the cache turns many writes of one key into one
        // changelog record per commit.
        for (String store : new String[] {OPEN_BARS_1S_STORE, TRADE_IDS_STORE, PROGRESS_1S_STORE, PROGRESS_1M_STORE}) {
            builder.addStateStore(store(store).withCachingEnabled());
        }
        // Not cached: the stores written about once per key (per bar, per 1s slot). The cache would save them no
        // changelog record, and their entries (one per instrument and second) filled it at 10,000 instruments, so
        // that every put evicted and flushed, the open bars' per-trade writes included.
        for (String store : new String[] {
            EMITTED_1S_STORE, OPEN_BARS_1M_STORE, EMITTED_1M_STORE, LATEST_BARS_STORE, RECENT_BARS_STORE
        }) {
            builder.addStateStore(store(store).withCachingDisabled());
        }
        KStream<byte[], byte[]> secondBars = addSecondBars(builder, cfg, metrics, codec, drain);
        addMinuteRollup(builder, secondBars, cfg, metrics, codec);
    }

    /** Returns the bar processor's output stream (its rollup child receives the final 1s bars). */
    private static KStream<byte[], byte[]> addSecondBars(
            StreamsBuilder builder, TopologyConfig cfg, TopologyMetrics metrics, EventCodec codec, DrainSignal drain) {
        long skew = cfg.maxFutureSkew().toMillis();
        // The decode node forwards each record to the one child it belongs to (TradeDecodeProcessor.Routes): no
        // branch node and no per-branch pass-through on the per-trade path.
        KStream<byte[], DecodedTrade> decoded = builder.stream(
                        Topics.TRADES, Consumed.with(BYTES, BYTES).withName(TRADES_SOURCE))
                .process(() -> new TradeDecodeProcessor(codec, metrics, skew, ROUTES), Named.as(DECODE_PROCESSOR));

        decoded.to(Topics.DLQ, Produced.with(BYTES, DEAD_LETTER_VALUE).withName(ROUTES.deadLetters()));

        KStream<byte[], DecodedTrade> rekeyed =
                decoded.repartition(Repartitioned.<byte[], DecodedTrade>as(REKEY_REPARTITION)
                        .withKeySerde(BYTES)
                        .withValueSerde(new RekeyedTradeSerde(codec)));

        TradeBarProcessor.Wiring wiring = new TradeBarProcessor.Wiring(
                OPEN_BARS_1S_STORE,
                TRADE_IDS_STORE,
                PROGRESS_1S_STORE,
                EMITTED_1S_STORE,
                "bars-1s-sink",
                "trades-late-sink",
                ROLLUP_INPUT);
        KStream<byte[], byte[]> out = decoded.merge(rekeyed, Named.as(ROUTES.bars()))
                .process(
                        () -> new TradeBarProcessor(wiring, cfg, codec, metrics, drain),
                        Named.as(BAR_1S_PROCESSOR),
                        OPEN_BARS_1S_STORE,
                        TRADE_IDS_STORE,
                        PROGRESS_1S_STORE,
                        EMITTED_1S_STORE);
        out.to(Topics.BARS_1S, Produced.with(BYTES, BYTES).withName(wiring.barsSink()));
        out.to(Topics.LATE, Produced.with(BYTES, BYTES).withName(wiring.lateSink()));
        return out;
    }

    private static void addMinuteRollup(
            StreamsBuilder builder,
            KStream<byte[], byte[]> secondBars,
            TopologyConfig cfg,
            TopologyMetrics metrics,
            EventCodec codec) {
        MinuteRollupProcessor.Wiring wiring = new MinuteRollupProcessor.Wiring(
                OPEN_BARS_1M_STORE,
                PROGRESS_1M_STORE,
                PROGRESS_1S_STORE,
                EMITTED_1M_STORE,
                "bars-1m-sink",
                "bars-1s-late-sink",
                "bars-1s-dlq-sink",
                BAR_STATE_INPUT);
        KStream<byte[], byte[]> producerBars = builder.stream(
                        Topics.BARS_1S, Consumed.with(BYTES, BYTES).withName(BARS_1S_SOURCE))
                .process(ProducerBarsFilter::new, Named.as(PRODUCER_BARS_FILTER));
        KStream<byte[], byte[]> finalSecondBars = secondBars.merge(producerBars, Named.as(ROLLUP_INPUT));
        KStream<byte[], byte[]> out = finalSecondBars.process(
                () -> new MinuteRollupProcessor(wiring, cfg, codec, metrics),
                Named.as(ROLLUP_1M_PROCESSOR),
                OPEN_BARS_1M_STORE,
                PROGRESS_1M_STORE,
                PROGRESS_1S_STORE,
                EMITTED_1M_STORE);
        out.to(Topics.BARS_1M, Produced.with(BYTES, BYTES).withName(wiring.barsSink()));
        out.to(Topics.LATE, Produced.with(BYTES, BYTES).withName(wiring.lateSink()));
        out.to(Topics.DLQ, Produced.with(BYTES, BYTES).withName(wiring.deadLetterSink()));
        // Queryable state: final 1s bars (from the roll-up's input) and 1m bars (from the roll-up).
        finalSecondBars
                .merge(out, Named.as(BAR_STATE_INPUT))
                .process(
                        () -> new BarStateProcessor(LATEST_BARS_STORE, RECENT_BARS_STORE, RECENT_WINDOW, codec),
                        Named.as(BAR_STATE_PROCESSOR),
                        LATEST_BARS_STORE,
                        RECENT_BARS_STORE);
    }

    /** In memory for speed, changelogged; the caller decides on the record cache. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withLoggingEnabled(Map.of());
    }
}
