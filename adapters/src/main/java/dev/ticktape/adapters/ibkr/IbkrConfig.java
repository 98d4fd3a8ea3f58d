package dev.ticktape.adapters.ibkr;

import dev.ticktape.adapters.runtime.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of an {@link IbkrAdapter}.
 *
 * @param baseUrl             gateway REST base, default {@link #DEFAULT_BASE_URL}; the WebSocket is {@code <base>/ws}
 * @param accounts            accounts whose option positions are streamed; empty = every account of the login
 * @param extraConids         option conids streamed in addition to the positions
 * @param tls                 how the gateway certificate is trusted (JDK default refuses the self-signed one)
 * @param tickleInterval      REST {@code /tickle} period (session times out after ~5 min without requests)
 * @param ticInterval         WebSocket {@code tic} period (at least once per minute)
 * @param resubscribeInterval every {@code smd} is re-sent this often (the gateway ends them after 10 minutes)
 * @param silenceTimeout      no message at all (the server heartbeats every 10 s) for this long -> reconnect
 * @param positionRefresh     how often positions are re-read
 * @param staleTimeout        no market data for this long -> reconnect
 * @param backoff             reconnect and bootstrap retry delays
 * @param heartbeatInterval   period of the {@code md.status} heartbeat
 * @param wsUrl               gateway WebSocket; null derives it from {@code baseUrl} ({@code ws(s)://.../v1/api/ws})
 */
public record IbkrConfig(
        String baseUrl,
        List<String> accounts,
        List<Long> extraConids,
        GatewayTls tls,
        Duration tickleInterval,
        Duration ticInterval,
        Duration resubscribeInterval,
        Duration silenceTimeout,
        Duration positionRefresh,
        Duration staleTimeout,
        Backoff backoff,
        Duration heartbeatInterval,
        String wsUrl) {
    public static final String DEFAULT_BASE_URL = "https://localhost:5000/v1/api";

    public IbkrConfig {
        List<String> problems = new ArrayList<>();
        if (baseUrl == null || baseUrl.isBlank()) problems.add("baseUrl is required");
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        extraConids = extraConids == null ? List.of() : List.copyOf(extraConids);
        if (tls == null) tls = GatewayTls.jdkDefault();
        for (var d : new Duration[] {
            tickleInterval,
            ticInterval,
            resubscribeInterval,
            silenceTimeout,
            positionRefresh,
            staleTimeout,
            heartbeatInterval
        }) {
            if (d == null || d.isNegative() || d.isZero()) problems.add("all intervals must be > 0");
        }
        if (resubscribeInterval != null && resubscribeInterval.compareTo(Duration.ofMinutes(10)) >= 0) {
            problems.add("resubscribeInterval must be under the gateway's 10 minute smd expiry");
        }
        if (backoff == null) problems.add("backoff is required");
        if (!problems.isEmpty())
            throw new IllegalArgumentException("invalid ibkr config: " + String.join("; ", problems));
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (wsUrl == null) wsUrl = baseUrl.replaceFirst("^http", "ws") + "/ws";
    }

    /** Production timings against {@code baseUrl}. */
    public static IbkrConfig defaults(String baseUrl, List<String> accounts, List<Long> extraConids, GatewayTls tls) {
        return new IbkrConfig(
                baseUrl,
                accounts,
                extraConids,
                tls,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5),
                Duration.ofSeconds(45),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Backoff.defaults(),
                Duration.ofSeconds(10),
                null);
    }

    public IbkrConfig withTimings(
            Duration tickle,
            Duration tic,
            Duration resubscribe,
            Duration silence,
            Duration positions,
            Duration stale,
            Backoff b,
            Duration heartbeat) {
        return new IbkrConfig(
                baseUrl,
                accounts,
                extraConids,
                tls,
                tickle,
                tic,
                resubscribe,
                silence,
                positions,
                stale,
                b,
                heartbeat,
                wsUrl);
    }

    /** Same settings with an explicit WebSocket URL (a gateway whose socket is not under the REST base). */
    public IbkrConfig withWsUrl(String url) {
        return new IbkrConfig(
                baseUrl,
                accounts,
                extraConids,
                tls,
                tickleInterval,
                ticInterval,
                resubscribeInterval,
                silenceTimeout,
                positionRefresh,
                staleTimeout,
                backoff,
                heartbeatInterval,
                url);
    }
}
