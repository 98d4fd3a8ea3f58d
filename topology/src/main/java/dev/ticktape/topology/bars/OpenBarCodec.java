package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.Trade;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Fixed binary layout of an open 1s bar in the state store (big-endian):
 * <pre>
 *  0 version(1)  1 openTs(8)  9 open(8)  17 closeTs(8)  25 close(8)  33 high(8)  41 low(8)
 * 49 volume(8)  57 notional = sum(price*qty) (8)  65 trades(8)  73 source (UTF-8, rest of the value; empty = none)
 * </pre>
 * Adding a trade copies the previous value and rewrites the numeric fields in place, so the source bytes are
 * never decoded on the hot path. Stateless and thread-safe.
 */
final class OpenBarCodec {
    private static final byte VERSION = 1;
    private static final int OPEN_TS = 1;
    private static final int OPEN = 9;
    private static final int CLOSE_TS = 17;
    private static final int CLOSE = 25;
    private static final int HIGH = 33;
    private static final int LOW = 41;
    private static final int VOLUME = 49;
    private static final int NOTIONAL = 57;
    private static final int TRADES = 65;
    private static final int SOURCE = 73;

    private OpenBarCodec() {}

    /** State of a bar holding only {@code t}. */
    static byte[] first(Trade t) {
        byte[] src = t.source() == null ? new byte[0] : t.source().getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[SOURCE + src.length];
        ByteBuffer b = ByteBuffer.wrap(v);
        b.put(0, VERSION)
                .putLong(OPEN_TS, t.tsMs())
                .putDouble(OPEN, t.price())
                .putLong(CLOSE_TS, t.tsMs())
                .putDouble(CLOSE, t.price())
                .putDouble(HIGH, t.price())
                .putDouble(LOW, t.price())
                .putDouble(VOLUME, t.qty())
                .putDouble(NOTIONAL, t.price() * t.qty())
                .putLong(TRADES, 1);
        System.arraycopy(src, 0, v, SOURCE, src.length);
        return v;
    }

    /**
     * State after adding {@code t} (processed after every trade already in {@code prev}). Open moves only to a
     * strictly earlier {@code ts_ms} and close to a later-or-equal one: on ties the first received opens and
     * the last received closes, whatever the arrival order across timestamps.
     */
    static byte[] add(byte[] prev, Trade t) {
        checkVersion(prev);
        byte[] v = prev.clone();
        ByteBuffer b = ByteBuffer.wrap(v);
        long ts = t.tsMs();
        double p = t.price();
        if (ts < b.getLong(OPEN_TS)) b.putLong(OPEN_TS, ts).putDouble(OPEN, p);
        if (ts >= b.getLong(CLOSE_TS)) b.putLong(CLOSE_TS, ts).putDouble(CLOSE, p);
        if (p > b.getDouble(HIGH)) b.putDouble(HIGH, p);
        if (p < b.getDouble(LOW)) b.putDouble(LOW, p);
        b.putDouble(VOLUME, b.getDouble(VOLUME) + t.qty());
        b.putDouble(NOTIONAL, b.getDouble(NOTIONAL) + p * t.qty());
        b.putLong(TRADES, b.getLong(TRADES) + 1);
        return v;
    }

    /**
     * The final bar. vwap is {@code notional / volume}, or null when the volume is 0 (only zero-quantity
     * prints): a price average over no volume is undefined and the close is already in the bar. A bar without
     * a source is labelled {@code live:SYMBOL}, the stored {@code source_file} convention for live data.
     */
    static Bar toBar(byte[] state, InstrumentId instrument, long start, long recvMs) {
        checkVersion(state);
        ByteBuffer b = ByteBuffer.wrap(state);
        double volume = b.getDouble(VOLUME);
        Double vwap = volume > 0 ? b.getDouble(NOTIONAL) / volume : null;
        String source = state.length > SOURCE
                ? new String(state, SOURCE, state.length - SOURCE, StandardCharsets.UTF_8)
                : "live:" + instrument.symbol();
        return new Bar(
                BarInterval.S1,
                instrument.venue(),
                instrument.symbol(),
                start,
                recvMs,
                b.getDouble(OPEN),
                b.getDouble(HIGH),
                b.getDouble(LOW),
                b.getDouble(CLOSE),
                volume,
                b.getLong(TRADES),
                vwap,
                source);
    }

    private static void checkVersion(byte[] state) {
        if (state.length < SOURCE || state[0] != VERSION) {
            throw new IllegalStateException(
                    "unknown open-bar state format (version " + state[0] + ", " + state.length + " bytes)");
        }
    }
}
