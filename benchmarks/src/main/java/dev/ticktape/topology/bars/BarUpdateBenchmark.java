package dev.ticktape.topology.bars;

import dev.ticktape.benchmarks.NanosPerOp;
import dev.ticktape.benchmarks.Samples;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The 1s bar's per-trade work in the topology, without Kafka or a state store: {@link OpenBarCodec#add} (copy
 * the stored state, update OHLCV in place) for a trade into an open bar, {@link OpenBarCodec#first} for the first
 * trade of a bar, and, once per bar, {@link OpenBarCodec#toBar} plus the {@code ohlc1s} encode when the second
 * closes. Baseline: the same OHLCV arithmetic on a plain mutable object, i.e. the update without the state's copy
 * and byte layout. Trades cycle through 1024 pre-built prints of one second with random prices and times, so the
 * open/close/high/low branches go both ways. (Lives in the bars package: the state codec is package-private.)
 */
@State(Scope.Thread)
public class BarUpdateBenchmark extends NanosPerOp {
    private static final int TRADES = 1024;
    private static final long START = 1_795_242_436_000L;
    private static final InstrumentId INSTRUMENT = new InstrumentId("bench", "BE00S0001");

    private final Trade[] trades = new Trade[TRADES];
    private final EventCodec codec = new EventCodec();
    private final MutableBar plain = new MutableBar();
    private byte[] state;
    private int next;

    /** The baseline's bar: the same fields as the stored state, updated in place. */
    static final class MutableBar {
        long openTs = Long.MAX_VALUE;
        long closeTs = Long.MIN_VALUE;
        double open;
        double close;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double volume;
        double notional;
        long trades;
    }

    public BarUpdateBenchmark() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < TRADES; i++) {
            trades[i] = new Trade(
                    "bench",
                    "BE00S0001",
                    START + rnd.nextInt(1000),
                    Samples.NOW_MS,
                    (51_200 + rnd.nextInt(100)) / 100.0,
                    (1 + rnd.nextInt(1000)) / 1000.0,
                    null,
                    null,
                    "live:BE00S0001");
        }
        state = OpenBarCodec.first(trades[0]);
    }

    private Trade nextTrade() {
        Trade t = trades[next];
        next = (next + 1) & (TRADES - 1);
        return t;
    }

    @Benchmark
    public byte[] add() {
        state = OpenBarCodec.add(state, nextTrade());
        return state;
    }

    @Benchmark
    public byte[] first() {
        return OpenBarCodec.first(nextTrade());
    }

    @Benchmark
    public byte[] closeAndEncode() {
        return codec.encode(OpenBarCodec.toBar(state, INSTRUMENT, START, Samples.NOW_MS));
    }

    @Benchmark
    public MutableBar addBaselinePlainObject() {
        Trade t = nextTrade();
        MutableBar b = plain;
        long ts = t.tsMs();
        double p = t.price();
        if (ts < b.openTs) {
            b.openTs = ts;
            b.open = p;
        }
        if (ts >= b.closeTs) {
            b.closeTs = ts;
            b.close = p;
        }
        if (p > b.high) b.high = p;
        if (p < b.low) b.low = p;
        b.volume += t.qty();
        b.notional += p * t.qty();
        b.trades++;
        return b;
    }
}
