package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link BinanceAdapter}.
 *
 * @param wsBaseUrl            stream base, e.g. {@code wss://data-stream.binance.vision} (the adapter adds {@code /stream})
 * @param restBaseUrl          REST base, e.g. {@code https://data-api.binance.vision}
 * @param symbols              instruments, any case ({@code btcusdt} or {@code BTCUSDT})
 * @param streamsPerConnection streams per WebSocket connection, at most 1024 (the venue limit); more symbols
 *                             spread over more connections
 * @param depth                subscribe diff depth and keep local books ({@code md.books})
 * @param plannedReconnect     overlapped reconnect period, before the venue's 24 h cut
 * @param watchdogTimeout      no market data for this long -> reconnect
 * @param backoff              reconnect delays
 * @param controlPerSecond     control messages per second per connection; the venue allows 5 incoming messages
 *                             per second including pongs, so the default 4 leaves room for a pong
 * @param heartbeatInterval    period of the {@code md.status} heartbeat
 * @param restWeightPerMinute  REST weight budget per minute; gap-fill slows down near it
 */
public record BinanceConfig(
        String wsBaseUrl,
        String restBaseUrl,
        List<String> symbols,
        int streamsPerConnection,
        boolean depth,
        Duration plannedReconnect,
        Duration watchdogTimeout,
        Backoff backoff,
        int controlPerSecond,
        Duration heartbeatInterval,
        int restWeightPerMinute) {
    public static final String PROD_WS = "wss://data-stream.binance.vision";
    public static final String PROD_REST = "https://data-api.binance.vision";
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;

    public BinanceConfig {
        List<String> problems = new ArrayList<>();
        if (wsBaseUrl == null || wsBaseUrl.isBlank()) problems.add("wsBaseUrl is required");
        if (restBaseUrl == null || restBaseUrl.isBlank()) problems.add("restBaseUrl is required");
        if (symbols == null || symbols.isEmpty()) problems.add("at least one symbol is required");
        if (streamsPerConnection < 3 || streamsPerConnection > MAX_STREAMS_PER_CONNECTION) {
            problems.add("streamsPerConnection must be 3.." + MAX_STREAMS_PER_CONNECTION);
        }
        if (plannedReconnect == null || plannedReconnect.isNegative() || plannedReconnect.isZero()) {
            problems.add("plannedReconnect must be > 0");
        }
        if (watchdogTimeout == null || watchdogTimeout.isNegative() || watchdogTimeout.isZero()) {
            problems.add("watchdogTimeout must be > 0");
        }
        if (backoff == null) problems.add("backoff is required");
        if (controlPerSecond < 1 || controlPerSecond > 5) problems.add("controlPerSecond must be 1..5");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            problems.add("heartbeatInterval must be > 0");
        }
        if (restWeightPerMinute < 1) problems.add("restWeightPerMinute must be >= 1");
        if (!problems.isEmpty())
            throw new IllegalArgumentException("invalid binance config: " + String.join("; ", problems));
        symbols = symbols.stream().map(BinanceSymbols::toInstrument).distinct().toList();
        wsBaseUrl = stripSlash(wsBaseUrl);
        restBaseUrl = stripSlash(restBaseUrl);
    }

    /** Production endpoints (market-data-only hosts) and defaults. */
    public static BinanceConfig defaults(List<String> symbols) {
        return local(PROD_WS, PROD_REST, symbols);
    }

    /** Defaults against other endpoints, e.g. a {@code FakeBinanceServer}. */
    public static BinanceConfig local(String wsBaseUrl, String restBaseUrl, List<String> symbols) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                MAX_STREAMS_PER_CONNECTION,
                true,
                Duration.ofHours(23).plusMinutes(50),
                Duration.ofSeconds(30),
                Backoff.defaults(),
                4,
                Duration.ofSeconds(10),
                6000);
    }

    public BinanceConfig withDepth(boolean on) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                streamsPerConnection,
                on,
                plannedReconnect,
                watchdogTimeout,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                restWeightPerMinute);
    }

    public BinanceConfig withStreamsPerConnection(int n) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                n,
                depth,
                plannedReconnect,
                watchdogTimeout,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                restWeightPerMinute);
    }

    public BinanceConfig withPlannedReconnect(Duration d) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                streamsPerConnection,
                depth,
                d,
                watchdogTimeout,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                restWeightPerMinute);
    }

    public BinanceConfig withWatchdog(Duration timeout) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                streamsPerConnection,
                depth,
                plannedReconnect,
                timeout,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                restWeightPerMinute);
    }

    public BinanceConfig withBackoff(Backoff b) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                streamsPerConnection,
                depth,
                plannedReconnect,
                watchdogTimeout,
                b,
                controlPerSecond,
                heartbeatInterval,
                restWeightPerMinute);
    }

    public BinanceConfig withHeartbeat(Duration d) {
        return new BinanceConfig(
                wsBaseUrl,
                restBaseUrl,
                symbols,
                streamsPerConnection,
                depth,
                plannedReconnect,
                watchdogTimeout,
                backoff,
                controlPerSecond,
                d,
                restWeightPerMinute);
    }

    /** Streams per symbol: trade, bookTicker and, with depth, diff depth. */
    int streamsPerSymbol() {
        return depth ? 3 : 2;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
