package dev.ticktape.venuesim;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link FakePolygonServer}.
 *
 * @param wsPort   WebSocket port (0 = any free port); REST listens on its own free port
 * @param seed     random seed: same seed, symbols, start and step give the same market, tick for tick
 * @param symbols  tickers to generate, any case
 * @param apiKey   the key the venue accepts; null accepts any non-empty key
 * @param tick     wall-clock interval between market steps
 * @param startMs  venue time of the first step (epoch ms)
 * @param stepMs   venue time advanced per step: equal to {@code tick} for real time, larger to compress time
 *                 (e.g. 20 ms ticks of 1000 ms make a minute bar every 1.2 s)
 * @param restPageSize most bars per aggregates page before {@code next_url}
 */
public record FakePolygonOptions(
        int wsPort,
        long seed,
        List<String> symbols,
        String apiKey,
        Duration tick,
        long startMs,
        long stepMs,
        int restPageSize) {
    public FakePolygonOptions {
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) throw new IllegalArgumentException("need at least one symbol");
        if (tick.isZero() || tick.isNegative()) throw new IllegalArgumentException("tick must be > 0");
        if (stepMs < 1) throw new IllegalArgumentException("stepMs must be >= 1");
        if (restPageSize < 1) throw new IllegalArgumentException("restPageSize must be >= 1");
    }

    /**
     * Real-time pace from now, any key accepted. The venue clock starts at the wall clock (not at the minute's
     * start), like a real SIP feed whose timestamps trail by milliseconds: a fake that ran up to a minute behind
     * would make its trades late next to live trades of other venues sharing a partition.
     */
    public static FakePolygonOptions defaults(int wsPort, long seed, List<String> symbols) {
        return new FakePolygonOptions(
                wsPort, seed, symbols, null, Duration.ofMillis(20), System.currentTimeMillis(), 20, 5000);
    }

    /** Compressed venue time: each tick advances the venue clock by {@code stepMs} from {@code startMs}. */
    public FakePolygonOptions withTime(Duration tick, long startMs, long stepMs) {
        return new FakePolygonOptions(wsPort, seed, symbols, apiKey, tick, startMs, stepMs, restPageSize);
    }

    public FakePolygonOptions withApiKey(String key) {
        return new FakePolygonOptions(wsPort, seed, symbols, key, tick, startMs, stepMs, restPageSize);
    }

    public FakePolygonOptions withRestPageSize(int n) {
        return new FakePolygonOptions(wsPort, seed, symbols, apiKey, tick, startMs, stepMs, n);
    }
}
