package dev.ticktape.adapters.tastytrade;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.BrokerRuntime;
import dev.ticktape.adapters.runtime.ConnectionChannel;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.ExecutionPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.StreamSet;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.runtime.WsSession;
import dev.ticktape.adapters.runtime.WsSessionConfig;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tastytrade option Greeks to {@code md.greeks}: logs in over REST, reads the positions of the configured
 * accounts, and streams DXLink {@code Greeks} (with option {@code Quote} for the mark and underlying
 * {@code Trade}/{@code Quote} for the underlying price) for every open equity option plus the configured extra
 * contracts. Positions are re-read every {@code positionRefresh} and subscriptions adjusted. Health goes to
 * {@code md.status} under {@code tastytrade:DXLINK}; the session reconnects by itself and re-authenticates when
 * the quote token is rejected. Account fills go to {@code md.executions}: live from the account streamer
 * ({@code tastytrade:ACCOUNT} in {@code md.status}) and caught up from {@code /orders/live} at start, after
 * reconnects and on every position refresh, each {@code fill-id} once.
 *
 * <p>The DXLink session publishes through a {@link ConnectionChannel} (a producer clock per unbroken stretch of
 * connection), like every venue adapter; it publishes no trades today, so its channels send no ticks.
 */
public final class TastytradeAdapter implements VenueAdapter {
    public static final String VENUE = "tastytrade";
    static final String CONNECTION_ID = "DXLINK";
    static final String ACCOUNT_CONNECTION_ID = "ACCOUNT";
    private static final Logger log = LoggerFactory.getLogger(TastytradeAdapter.class);

    private final TastytradeConfig config;
    private final EventPublisher publisher;
    private final BrokerRuntime runtime;
    private final ExecutionPublisher executions;
    private final TastytradeRest rest;
    private final TastytradeGreeksBook book = new TastytradeGreeksBook();
    private final TastytradePositions positions;
    private final TastytradeFills fills;
    private final StreamSet streams = new StreamSet();
    private final StatusReporter accountStatus;
    private volatile String quoteToken;
    private volatile String accessToken;

    private TastytradeAdapter(TastytradeConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.runtime = new BrokerRuntime(VENUE, CONNECTION_ID, publisher, registry);
        this.executions = runtime.executions();
        this.rest = new TastytradeRest(config);
        this.accountStatus = runtime.statusOf(ACCOUNT_CONNECTION_ID);
        this.positions = new TastytradePositions(rest, config);
        this.fills =
                new TastytradeFills(rest, executions, config.accounts(), "ws:" + VENUE + "/" + ACCOUNT_CONNECTION_ID);
    }

    /** Creates an adapter; nothing connects until {@link #start()}. */
    public static TastytradeAdapter create(TastytradeConfig config, EventPublisher publisher, MeterRegistry registry) {
        return new TastytradeAdapter(config, publisher, registry);
    }

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void start() {
        runtime.start(this::bootstrap, config.backoff());
    }

    /** Login, quote token, positions, then the DXLink session; retried with backoff until it works. */
    private void bootstrap() throws Exception {
        TastytradeAccountParser.QuoteToken qt = rest.quoteToken();
        quoteToken = qt.token();
        List<HeldOption> held = positions.read();
        ConnectionChannel channel = new ConnectionChannel(publisher, "ws:" + VENUE + "/" + CONNECTION_ID);
        TastytradeStreamHandler h = new TastytradeStreamHandler(
                book,
                new Tokens(),
                channel,
                runtime.metrics(),
                runtime.status(),
                config.keepaliveInterval().toMillis(),
                config.keepaliveTimeoutS());
        WsSessionConfig ws = new WsSessionConfig(
                CONNECTION_ID,
                URI.create(qt.dxlinkUrl()),
                config.backoff(),
                config.staleTimeout(),
                () -> true,
                Duration.ZERO,
                20,
                config.heartbeatInterval());
        WsSession s = new WsSession(ws, h, runtime.timer(), runtime.status(), runtime.metrics(), null, channel);
        if (!runtime.install(s)) return;
        applyPositions(held);
        s.start();
        runtime.ticking(h::tick);
        runtime.every(config.positionRefresh(), this::refreshPositions);
        // Quote tokens last 24 h: keep a fresh one so a reconnect late in the day does not start with a dead one.
        long tokenMs = config.quoteTokenRefresh().toMillis();
        Tokens tokens = new Tokens();
        runtime.timer().scheduleWithFixedDelay(() -> tokens.refresh(t -> {}), tokenMs, tokenMs, TimeUnit.MILLISECONDS);
        startAccountStream();
        catchUpFills();
        log.info(
                "tastytrade adapter started: {} options from {} accounts, account streamer {}",
                held.size(),
                config.accounts().size(),
                config.accountStreamerUrl() == null ? "off (REST polling)" : "on");
    }

    /** Order fills live from the account streamer; REST catch-up covers start, reconnects and every refresh. */
    private void startAccountStream() throws Exception {
        if (config.accountStreamerUrl() == null || config.accounts().isEmpty()) return;
        accessToken = rest.accessToken();
        long hb = config.keepaliveInterval().toMillis();
        TastytradeAccountStreamHandler h = new TastytradeAccountStreamHandler(
                new AccessTokens(),
                (order, recvMs) -> runtime.restExecutor().execute(() -> fills.publish(order, recvMs)),
                () -> runtime.restExecutor().execute(this::catchUpFills),
                publisher,
                runtime.metrics(),
                accountStatus,
                hb,
                3 * hb);
        // The stream is quiet between fills: liveness comes from heartbeat replies, not from a data watchdog.
        WsSessionConfig ws = new WsSessionConfig(
                ACCOUNT_CONNECTION_ID,
                URI.create(config.accountStreamerUrl()),
                config.backoff(),
                Duration.ofDays(1),
                () -> false,
                Duration.ZERO,
                5,
                config.heartbeatInterval());
        WsSession s = new WsSession(ws, h, runtime.timer(), accountStatus, runtime.metrics());
        if (!runtime.install(s)) return;
        s.subscribe(config.accounts());
        s.start();
        runtime.ticking(h::tick);
    }

    /** Today's orders of every account over REST: fills the streamer did not deliver (down, not yet connected). */
    private void catchUpFills() {
        if (runtime.closed()) return;
        fills.catchUp();
    }

    private void refreshPositions() {
        if (runtime.closed()) return;
        catchUpFills();
        try {
            applyPositions(positions.read());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("tastytrade position refresh failed: {}", LogText.printable(e.getMessage()));
        }
    }

    /** Subscribes what is new and unsubscribes what was closed. The first holder of an option names its account. */
    private synchronized void applyPositions(List<HeldOption> held) {
        Map<String, HeldOption> wanted = new LinkedHashMap<>();
        for (HeldOption h : held) wanted.putIfAbsent(h.streamerSymbol(), h);
        Set<String> next = new LinkedHashSet<>();
        for (HeldOption h : wanted.values()) {
            next.add(DxLinkMessages.stream("Greeks", h.streamerSymbol()));
            next.add(DxLinkMessages.stream("Quote", h.streamerSymbol()));
            next.add(DxLinkMessages.stream("Trade", h.contract().underlying()));
            next.add(DxLinkMessages.stream("Quote", h.contract().underlying()));
            book.watch(h.streamerSymbol(), new TastytradeGreeksBook.Watched(h.contract(), h.account()));
        }
        StreamSet.Change change = streams.replace(next);
        WsSession session = runtime.session();
        if (!change.removed().isEmpty()) {
            session.unsubscribe(change.removed());
            change.removed().stream().filter(s -> s.startsWith("Greeks:")).forEach(s -> book.unwatch(s.substring(7)));
        }
        if (!change.added().isEmpty()) session.subscribe(change.added());
        if (!change.isEmpty()) {
            log.info(
                    "tastytrade subscriptions: +{} -{} ({} options)",
                    change.added().size(),
                    change.removed().size(),
                    wanted.size());
        }
    }

    @Override
    public Status.State state() {
        return runtime.state();
    }

    /** The DXLink streams currently subscribed ({@code Type:symbol}). */
    public synchronized List<String> subscriptions() {
        return streams.list();
    }

    public AdapterMetrics metrics() {
        return runtime.metrics();
    }

    @Override
    public void close() {
        if (!runtime.close()) return;
        AdapterMetrics m = runtime.metrics();
        log.info(
                "tastytrade adapter stopped: {} messages, {} executions, {} reconnects, {} parse errors, {} logins",
                m.messages(),
                executions.published(),
                m.reconnects(),
                m.parseErrors(),
                rest.logins());
    }

    /** Quote token kept by the adapter, refreshed on the REST thread. */
    private final class Tokens implements TastytradeStreamHandler.TokenSource {
        @Override
        public String current() {
            return quoteToken;
        }

        @Override
        public void refresh(Consumer<String> then) {
            runtime.restExecutor().execute(() -> {
                try {
                    quoteToken = rest.quoteToken().token();
                    then.accept(quoteToken);
                } catch (Exception e) {
                    if (e instanceof InterruptedException)
                        Thread.currentThread().interrupt();
                    log.warn("tastytrade quote token refresh failed: {}", LogText.printable(e.getMessage()));
                }
            });
        }
    }

    /** Access token for the account streamer, re-fetched (re-login) on the REST thread when it is refused. */
    private final class AccessTokens implements TastytradeStreamHandler.TokenSource {
        @Override
        public String current() {
            return accessToken;
        }

        @Override
        public void refresh(Consumer<String> then) {
            runtime.restExecutor().execute(() -> {
                try {
                    accessToken = rest.relogin();
                    then.accept(accessToken);
                } catch (Exception e) {
                    if (e instanceof InterruptedException)
                        Thread.currentThread().interrupt();
                    log.warn(
                            "tastytrade re-login for the account streamer failed: {}",
                            LogText.printable(e.getMessage()));
                }
            });
        }
    }
}
