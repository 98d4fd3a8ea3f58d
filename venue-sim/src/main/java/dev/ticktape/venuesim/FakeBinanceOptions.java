package dev.ticktape.venuesim;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link FakeBinanceServer}. Production-like defaults come from {@link #defaults}; tests shorten
 * the heartbeat timings.
 *
 * @param wsPort          WebSocket port (0 = any free port); REST listens on its own free port
 * @param seed            random seed: same seed, same symbols and tick count give the same market
 * @param symbols         symbols to generate, any case
 * @param tick            market step interval (each step: one depth update, one bookTicker, usually one trade)
 * @param pingInterval    server ping period (Binance: 20 s)
 * @param pongTimeout     disconnect when no pong arrived for this long (Binance: 1 min)
 * @param shutdownGrace   delay between a {@code serverShutdown} notice and closing the connection
 * @param maxStreams      streams allowed per connection (Binance: 1024)
 * @param maxIncomingPerSecond incoming control messages + pongs allowed per connection per second (Binance: 5)
 * @param restWeightPerMinute REST request weight per minute before HTTP 429 (Binance: 6000)
 * @param quietSymbols    symbols the venue lists (a SUBSCRIBE for them is accepted) but that never trade here: a
 *                        large subscription without simulating a large market; any other symbol is refused
 */
public record FakeBinanceOptions(
        int wsPort,
        long seed,
        List<String> symbols,
        Duration tick,
        Duration pingInterval,
        Duration pongTimeout,
        Duration shutdownGrace,
        int maxStreams,
        int maxIncomingPerSecond,
        int restWeightPerMinute,
        List<String> quietSymbols) {
    public FakeBinanceOptions {
        symbols = List.copyOf(symbols);
        quietSymbols = List.copyOf(quietSymbols);
        if (symbols.isEmpty()) throw new IllegalArgumentException("need at least one symbol");
        if (tick.isZero() || tick.isNegative()) throw new IllegalArgumentException("tick must be > 0");
    }

    public static FakeBinanceOptions defaults(int wsPort, long seed, List<String> symbols) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                Duration.ofMillis(20),
                Duration.ofSeconds(20),
                Duration.ofMinutes(1),
                Duration.ofSeconds(2),
                1024,
                5,
                6000,
                List.of());
    }

    public FakeBinanceOptions withTick(Duration t) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                t,
                pingInterval,
                pongTimeout,
                shutdownGrace,
                maxStreams,
                maxIncomingPerSecond,
                restWeightPerMinute,
                quietSymbols);
    }

    public FakeBinanceOptions withHeartbeat(Duration ping, Duration pongWait) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                tick,
                ping,
                pongWait,
                shutdownGrace,
                maxStreams,
                maxIncomingPerSecond,
                restWeightPerMinute,
                quietSymbols);
    }

    public FakeBinanceOptions withShutdownGrace(Duration grace) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                tick,
                pingInterval,
                pongTimeout,
                grace,
                maxStreams,
                maxIncomingPerSecond,
                restWeightPerMinute,
                quietSymbols);
    }

    public FakeBinanceOptions withRestWeightPerMinute(int weight) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                tick,
                pingInterval,
                pongTimeout,
                shutdownGrace,
                maxStreams,
                maxIncomingPerSecond,
                weight,
                quietSymbols);
    }

    public FakeBinanceOptions withQuietSymbols(List<String> listed) {
        return new FakeBinanceOptions(
                wsPort,
                seed,
                symbols,
                tick,
                pingInterval,
                pongTimeout,
                shutdownGrace,
                maxStreams,
                maxIncomingPerSecond,
                restWeightPerMinute,
                listed);
    }
}
