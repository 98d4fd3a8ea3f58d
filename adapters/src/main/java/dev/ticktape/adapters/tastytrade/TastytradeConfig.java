package dev.ticktape.adapters.tastytrade;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.model.OptionContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings of a {@link TastytradeAdapter}. {@link #toString()} never shows the credentials.
 *
 * @param restBaseUrl       REST base, {@link #PROD_REST} or a fake
 * @param refreshToken      OAuth refresh token ({@code TASTYTRADE_REFRESH_TOKEN})
 * @param clientSecret      OAuth client secret ({@code TASTYTRADE_CLIENT_SECRET})
 * @param accounts          account numbers whose option positions are streamed
 * @param extraContracts    options streamed in addition to the positions (account null on their events)
 * @param positionRefresh   how often positions are re-read and subscriptions adjusted
 * @param keepaliveInterval KEEPALIVE period; shortened to half the server's timeout when that is smaller
 * @param keepaliveTimeoutS our SETUP keepalive timeout, seconds
 * @param staleTimeout      no market data for this long -> reconnect (options can be quiet: keep it generous)
 * @param backoff           reconnect and bootstrap retry delays
 * @param heartbeatInterval period of the {@code md.status} heartbeat
 * @param userAgent         {@code User-Agent} header, required by the REST API
 * @param accountStreamerUrl account streamer WebSocket (order fills); null derives it from {@code restBaseUrl}
 *                          for the production and sandbox hosts, and leaves executions to REST polling otherwise
 * @param quoteTokenRefresh how often a fresh DXLink quote token is fetched ahead of need (tokens last 24 h; a
 *                          reconnect uses the newest one); a rejected token is refreshed at once regardless
 */
public record TastytradeConfig(
        String restBaseUrl,
        String refreshToken,
        String clientSecret,
        List<String> accounts,
        List<OptionContract> extraContracts,
        Duration positionRefresh,
        Duration keepaliveInterval,
        long keepaliveTimeoutS,
        Duration staleTimeout,
        Backoff backoff,
        Duration heartbeatInterval,
        String userAgent,
        String accountStreamerUrl,
        Duration quoteTokenRefresh) {
    public static final String PROD_REST = "https://api.tastyworks.com";
    public static final String SANDBOX_REST = "https://api.cert.tastyworks.com";
    /** Half the quote token's 24 h lifetime. */
    public static final Duration DEFAULT_QUOTE_TOKEN_REFRESH = Duration.ofHours(12);

    public static final String PROD_ACCOUNT_STREAMER = "wss://streamer.tastyworks.com";
    public static final String SANDBOX_ACCOUNT_STREAMER = "wss://streamer.cert.tastyworks.com";

    public TastytradeConfig {
        List<String> problems = new ArrayList<>();
        if (restBaseUrl == null || restBaseUrl.isBlank()) problems.add("restBaseUrl is required");
        if (refreshToken == null || refreshToken.isBlank()) problems.add("TASTYTRADE_REFRESH_TOKEN is required");
        if (clientSecret == null || clientSecret.isBlank()) problems.add("TASTYTRADE_CLIENT_SECRET is required");
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        extraContracts = extraContracts == null ? List.of() : List.copyOf(extraContracts);
        if (accounts.isEmpty() && extraContracts.isEmpty()) problems.add("no accounts and no contracts to stream");
        if (positionRefresh == null || positionRefresh.isNegative() || positionRefresh.isZero()) {
            problems.add("positionRefresh must be > 0");
        }
        if (keepaliveInterval == null || keepaliveInterval.isNegative() || keepaliveInterval.isZero()) {
            problems.add("keepaliveInterval must be > 0");
        }
        if (keepaliveTimeoutS < 2) problems.add("keepaliveTimeoutS must be >= 2");
        if (staleTimeout == null || staleTimeout.isNegative() || staleTimeout.isZero())
            problems.add("staleTimeout must be > 0");
        if (backoff == null) problems.add("backoff is required");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            problems.add("heartbeatInterval must be > 0");
        }
        if (userAgent == null || userAgent.isBlank()) problems.add("userAgent is required");
        if (quoteTokenRefresh == null) quoteTokenRefresh = DEFAULT_QUOTE_TOKEN_REFRESH;
        if (quoteTokenRefresh.isNegative()
                || quoteTokenRefresh.isZero()
                || quoteTokenRefresh.compareTo(Duration.ofHours(24)) >= 0) {
            problems.add("quoteTokenRefresh must be > 0 and under the token's 24 h lifetime");
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException("invalid tastytrade config: " + String.join("; ", problems));
        restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl.substring(0, restBaseUrl.length() - 1) : restBaseUrl;
        if (accountStreamerUrl == null || accountStreamerUrl.isBlank()) {
            accountStreamerUrl = restBaseUrl.equals(PROD_REST)
                    ? PROD_ACCOUNT_STREAMER
                    : restBaseUrl.equals(SANDBOX_REST) ? SANDBOX_ACCOUNT_STREAMER : null;
        }
    }

    /**
     * From the environment: {@code TASTYTRADE_REFRESH_TOKEN}, {@code TASTYTRADE_CLIENT_SECRET},
     * {@code TASTYTRADE_ACCOUNTS} (comma-separated) and optional {@code TASTYTRADE_BASE_URL} and
     * {@code TASTYTRADE_ACCOUNT_STREAMER_URL}.
     */
    public static TastytradeConfig fromEnv(Map<String, String> env, List<OptionContract> extraContracts) {
        List<String> accounts = Arrays.stream(
                        env.getOrDefault("TASTYTRADE_ACCOUNTS", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        return defaults(
                        env.getOrDefault("TASTYTRADE_BASE_URL", PROD_REST),
                        env.get("TASTYTRADE_REFRESH_TOKEN"),
                        env.get("TASTYTRADE_CLIENT_SECRET"),
                        accounts,
                        extraContracts)
                .withAccountStreamerUrl(env.get("TASTYTRADE_ACCOUNT_STREAMER_URL"));
    }

    /** Production timings against any endpoint (e.g. a fake venue). */
    public static TastytradeConfig defaults(
            String restBaseUrl,
            String refreshToken,
            String clientSecret,
            List<String> accounts,
            List<OptionContract> extraContracts) {
        return new TastytradeConfig(
                restBaseUrl,
                refreshToken,
                clientSecret,
                accounts,
                extraContracts,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                60,
                Duration.ofMinutes(10),
                Backoff.defaults(),
                Duration.ofSeconds(10),
                "ticktape/0.1",
                null,
                DEFAULT_QUOTE_TOKEN_REFRESH);
    }

    public TastytradeConfig withTimings(
            Duration positionRefresh,
            Duration keepaliveInterval,
            long keepaliveTimeoutS,
            Duration staleTimeout,
            Backoff backoff,
            Duration heartbeatInterval) {
        return new TastytradeConfig(
                restBaseUrl,
                refreshToken,
                clientSecret,
                accounts,
                extraContracts,
                positionRefresh,
                keepaliveInterval,
                keepaliveTimeoutS,
                staleTimeout,
                backoff,
                heartbeatInterval,
                userAgent,
                accountStreamerUrl,
                quoteTokenRefresh);
    }

    /** Same settings with another proactive quote-token refresh period. */
    public TastytradeConfig withQuoteTokenRefresh(Duration every) {
        return new TastytradeConfig(
                restBaseUrl,
                refreshToken,
                clientSecret,
                accounts,
                extraContracts,
                positionRefresh,
                keepaliveInterval,
                keepaliveTimeoutS,
                staleTimeout,
                backoff,
                heartbeatInterval,
                userAgent,
                accountStreamerUrl,
                every);
    }

    /** Same settings with an explicit account streamer URL (a fake venue, a proxy). */
    public TastytradeConfig withAccountStreamerUrl(String url) {
        return new TastytradeConfig(
                restBaseUrl,
                refreshToken,
                clientSecret,
                accounts,
                extraContracts,
                positionRefresh,
                keepaliveInterval,
                keepaliveTimeoutS,
                staleTimeout,
                backoff,
                heartbeatInterval,
                userAgent,
                url,
                quoteTokenRefresh);
    }

    @Override
    public String toString() {
        return "TastytradeConfig[restBaseUrl=" + restBaseUrl + ", accountStreamer=" + accountStreamerUrl + ", accounts="
                + accounts + ", extraContracts=" + extraContracts.size() + ", positionRefresh=" + positionRefresh
                + ", credentials=<redacted>]";
    }
}
