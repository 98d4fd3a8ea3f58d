package dev.ticktape.benchmarks;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Trade;
import java.nio.charset.StandardCharsets;

/**
 * The inputs the benchmarks share, shaped like the traffic of {@code ticktape bench}: its load generator sends
 * trade lines with a venue, a symbol, a millisecond timestamp and two-decimal prices; the gateway publishes them
 * with a receive time and a {@code live:} source; the topology emits 1s bars of such trades.
 */
public final class Samples {
    /** A fixed "now" a little after the trades, so the gateway's future-skew check passes. */
    public static final long NOW_MS = 1_795_242_436_250L;

    public static final long TS_MS = 1_795_242_436_123L;

    /** One line as the bench's load generator writes it (without the newline the splitter strips). */
    public static final byte[] GATEWAY_LINE =
            ("{\"type\":\"trade\",\"venue\":\"bench\",\"symbol\":\"BE00S0001\",\"ts_ms\":" + TS_MS
                            + ",\"price\":512.37,\"qty\":0.417}")
                    .getBytes(StandardCharsets.UTF_8);

    /** The same trade as the gateway publishes it to {@code md.trades}: receive time and provenance added. */
    public static final Trade TRADE =
            new Trade("bench", "BE00S0001", TS_MS, NOW_MS, 512.37, 0.417, null, null, "live:BE00S0001");

    /** A 1s bar of such trades, as the topology emits it to {@code md.bars.1s} and the sinks read it. */
    public static final Bar BAR = new Bar(
            BarInterval.S1,
            "bench",
            "BE00S0001",
            1_795_242_436_000L,
            1_795_242_437_310L,
            512.37,
            512.52,
            512.18,
            512.44,
            21.734,
            53,
            512.3617206220668,
            "live:BE00S0001");

    private Samples() {}
}
