package dev.ticktape.adapters.polygon;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.model.calendar.UsEquityCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Settings of a {@link PolygonAdapter}. {@link #toString()} never shows the API key.
 *
 * @param wsUrl              stocks cluster URL, e.g. {@code wss://socket.massive.com/stocks}
 * @param restBaseUrl        REST base, e.g. {@code https://api.massive.com}; gap-fill pages are always fetched
 *                           from this host (the key is never sent to a host taken from a response)
 * @param apiKey             the account key (from {@value #API_KEY_ENV})
 * @param symbols            tickers, any case
 * @param secondBars         also subscribe {@code A} (per-second aggregates to {@code md.bars.1s})
 * @param marketOpen         whether silence is suspicious now; by default the regular session of
 *                           {@link UsEquityCalendar}
 * @param watchdogTimeout    no market data for this long while the market is open -> reconnect
 * @param clientPingInterval WebSocket ping period (the server documents no heartbeat; the official Go client
 *                           pings every 25 s)
 * @param backoff            reconnect delays
 * @param controlPerSecond   control messages (auth, subscribe) per second
 * @param heartbeatInterval  period of the {@code md.status} heartbeat
 * @param correctionWindow   how far back before a disconnect minute bars are re-fetched: the venue corrects
 *                           minute bars for up to 15 minutes
 * @param startupBackfill    minute bars re-fetched over REST at start (covers a process restart); zero = off
 */
public record PolygonConfig(
        String wsUrl,
        String restBaseUrl,
        String apiKey,
        List<String> symbols,
        boolean secondBars,
        BooleanSupplier marketOpen,
        Duration watchdogTimeout,
        Duration clientPingInterval,
        Backoff backoff,
        int controlPerSecond,
        Duration heartbeatInterval,
        Duration correctionWindow,
        Duration startupBackfill) {
    public static final String API_KEY_ENV = "POLYGON_API_KEY";
    public static final String PROD_WS = "wss://socket.massive.com/stocks";
    public static final String PROD_REST = "https://api.massive.com";

    public PolygonConfig {
        List<String> problems = new ArrayList<>();
        if (wsUrl == null || wsUrl.isBlank()) problems.add("wsUrl is required");
        if (restBaseUrl == null || restBaseUrl.isBlank()) problems.add("restBaseUrl is required");
        if (apiKey == null || apiKey.isBlank()) problems.add("an API key is required (set " + API_KEY_ENV + ")");
        if (symbols == null || symbols.isEmpty()) problems.add("at least one symbol is required");
        if (marketOpen == null) problems.add("marketOpen is required");
        if (!positive(watchdogTimeout)) problems.add("watchdogTimeout must be > 0");
        if (clientPingInterval == null || clientPingInterval.isNegative())
            problems.add("clientPingInterval must be >= 0");
        if (backoff == null) problems.add("backoff is required");
        if (controlPerSecond < 1) problems.add("controlPerSecond must be >= 1");
        if (!positive(heartbeatInterval)) problems.add("heartbeatInterval must be > 0");
        if (correctionWindow == null || correctionWindow.isNegative()) problems.add("correctionWindow must be >= 0");
        if (startupBackfill == null || startupBackfill.isNegative()) problems.add("startupBackfill must be >= 0");
        if (!problems.isEmpty())
            throw new IllegalArgumentException("invalid polygon config: " + String.join("; ", problems));
        symbols = symbols.stream().map(PolygonSymbols::toInstrument).distinct().toList();
        restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl.substring(0, restBaseUrl.length() - 1) : restBaseUrl;
    }

    /** Production endpoints and defaults. */
    public static PolygonConfig defaults(List<String> symbols, String apiKey) {
        return local(PROD_WS, PROD_REST, symbols, apiKey);
    }

    /** Defaults against other endpoints, e.g. a {@code FakePolygonServer}. */
    public static PolygonConfig local(String wsUrl, String restBaseUrl, List<String> symbols, String apiKey) {
        UsEquityCalendar calendar = UsEquityCalendar.nyse();
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                false,
                () -> calendar.isOpen(Instant.now()),
                Duration.ofSeconds(30),
                Duration.ofSeconds(25),
                Backoff.defaults(),
                5,
                Duration.ofSeconds(10),
                Duration.ofMinutes(15),
                Duration.ofMinutes(30));
    }

    public PolygonConfig withSecondBars(boolean on) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                on,
                marketOpen,
                watchdogTimeout,
                clientPingInterval,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                correctionWindow,
                startupBackfill);
    }

    public PolygonConfig withMarketOpen(BooleanSupplier open) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                secondBars,
                open,
                watchdogTimeout,
                clientPingInterval,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                correctionWindow,
                startupBackfill);
    }

    public PolygonConfig withWatchdog(Duration timeout) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                secondBars,
                marketOpen,
                timeout,
                clientPingInterval,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                correctionWindow,
                startupBackfill);
    }

    public PolygonConfig withBackoff(Backoff b) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                secondBars,
                marketOpen,
                watchdogTimeout,
                clientPingInterval,
                b,
                controlPerSecond,
                heartbeatInterval,
                correctionWindow,
                startupBackfill);
    }

    public PolygonConfig withHeartbeat(Duration d) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                secondBars,
                marketOpen,
                watchdogTimeout,
                clientPingInterval,
                backoff,
                controlPerSecond,
                d,
                correctionWindow,
                startupBackfill);
    }

    public PolygonConfig withStartupBackfill(Duration d) {
        return new PolygonConfig(
                wsUrl,
                restBaseUrl,
                apiKey,
                symbols,
                secondBars,
                marketOpen,
                watchdogTimeout,
                clientPingInterval,
                backoff,
                controlPerSecond,
                heartbeatInterval,
                correctionWindow,
                d);
    }

    /** The channels subscribed per symbol. */
    List<String> channels() {
        return secondBars ? List.of("T", "Q", "AM", "A") : List.of("T", "Q", "AM");
    }

    @Override
    public String toString() {
        return "PolygonConfig[wsUrl=" + wsUrl + ", restBaseUrl=" + restBaseUrl + ", apiKey=***, symbols=" + symbols
                + ", secondBars=" + secondBars + ", watchdogTimeout=" + watchdogTimeout + ", clientPingInterval="
                + clientPingInterval + ", controlPerSecond=" + controlPerSecond + ", heartbeatInterval="
                + heartbeatInterval + ", correctionWindow=" + correctionWindow + ", startupBackfill="
                + startupBackfill + "]";
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
