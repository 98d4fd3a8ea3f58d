package dev.ticktape.adapters.ibkr;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.BrokerRuntime;
import dev.ticktape.adapters.runtime.ConnectionChannel;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.ExecutionPublisher;
import dev.ticktape.adapters.runtime.StreamSet;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.runtime.WsLink;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IBKR option Greeks to {@code md.greeks} through the Client Portal gateway: checks the brokerage session
 * (re-initialising it when the gateway is still connected), keeps it alive ({@code /tickle}, WebSocket
 * {@code tic}), reads the option positions of the configured accounts, and streams {@code smd} Greeks, IV, mark
 * and the underlying's price per conid (positions plus command-line conids, resolved through {@code /trsrv/secdef}).
 * Every {@code smd} is re-sent before the gateway's 10-minute expiry and after every reconnect. Account executions
 * come live from the {@code str} topic and are caught up from {@code /iserver/account/trades} at start and on
 * every position refresh, each published once to {@code md.executions}. Health goes to {@code md.status} under
 * {@code ibkr:GATEWAY}.
 *
 * <p>The socket publishes through a {@link ConnectionChannel} (a producer clock per unbroken stretch of
 * connection), like every venue adapter; it publishes no trades today, so its channels send no ticks.
 */
public final class IbkrAdapter implements VenueAdapter {
    public static final String VENUE = "ibkr";
    static final String CONNECTION_ID = "GATEWAY";
    private static final Logger log = LoggerFactory.getLogger(IbkrAdapter.class);

    private final IbkrConfig config;
    private final EventPublisher publisher;
    private final BrokerRuntime runtime;
    private final ExecutionPublisher executions;
    private final IbkrRest rest;
    private final IbkrGreeksBook book = new IbkrGreeksBook();
    private final IbkrPositions positions;
    private final IbkrFills fills;
    private final StreamSet streams = new StreamSet();
    private volatile String sessionId;

    private IbkrAdapter(IbkrConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.runtime = new BrokerRuntime(VENUE, CONNECTION_ID, publisher, registry);
        this.executions = runtime.executions();
        this.rest = new IbkrRest(config);
        this.positions = new IbkrPositions(rest, config);
        this.fills = new IbkrFills(rest, executions);
    }

    /** Creates an adapter; nothing connects until {@link #start()}. */
    public static IbkrAdapter create(IbkrConfig config, EventPublisher publisher, MeterRegistry registry) {
        return new IbkrAdapter(config, publisher, registry);
    }

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public void start() {
        runtime.start(this::bootstrap, config.backoff());
    }

    private void bootstrap() throws Exception {
        ensureAuthenticated();
        rest.iserverAccounts();
        List<IbkrOption> held = positions.read();
        ConnectionChannel channel = new ConnectionChannel(publisher, "ws:" + VENUE + "/" + CONNECTION_ID);
        IbkrStreamHandler h = new IbkrStreamHandler(
                book,
                () -> sessionId,
                this::reauthenticate,
                (live, recvMs) -> runtime.restExecutor().execute(() -> fills.publish(live, recvMs)),
                channel,
                runtime.metrics(),
                runtime.status(),
                config.ticInterval().toMillis(),
                config.silenceTimeout().toMillis());
        WsSessionConfig ws = new WsSessionConfig(
                CONNECTION_ID,
                URI.create(config.wsUrl()),
                config.backoff(),
                config.staleTimeout(),
                () -> true,
                Duration.ZERO,
                20,
                config.heartbeatInterval());
        // Plain ws:// (a local fake) must not get a TLS socket factory.
        var sockets =
                config.wsUrl().startsWith("wss:") ? config.tls().sslContext().getSocketFactory() : null;
        WsSession s = new WsSession(ws, h, runtime.timer(), runtime.status(), runtime.metrics(), sockets, channel);
        if (!runtime.install(s)) return;
        applyPositions(held);
        s.start();
        fills.catchUp();
        runtime.ticking(h::tick);
        runtime.every(config.tickleInterval(), this::tickle);
        runtime.every(config.positionRefresh(), this::refreshPositions);
        long resub = config.resubscribeInterval().toMillis();
        // The gateway ends each smd stream 10 minutes after its last request.
        runtime.timer().scheduleAtFixedRate(s::resubscribeAll, resub, resub, TimeUnit.MILLISECONDS);
        log.info("ibkr adapter started: {} options, gateway {}, tls {}", held.size(), config.baseUrl(), config.tls());
    }

    /** Status check, {@code ssodh/init} if the gateway is connected but not authenticated, then a fresh session id. */
    private void ensureAuthenticated() throws Exception {
        IbkrAccountParser.AuthStatus st = rest.authStatus();
        if (!st.authenticated() && st.connected()) st = rest.ssodhInit();
        if (!st.authenticated()) {
            throw new IllegalStateException("gateway session not authenticated (log in to the gateway in a browser)");
        }
        sessionId = rest.tickle();
    }

    /** {@code sts authenticated:false}: re-authenticate over REST, then reconnect the socket with the new session. */
    private void reauthenticate(WsLink link) {
        runtime.restExecutor().execute(() -> {
            try {
                ensureAuthenticated();
                link.reconnect("re-authenticated");
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                log.warn("ibkr re-authentication failed ({}), retrying", LogText.printable(e.getMessage()));
                if (!runtime.closed()) {
                    runtime.timer()
                            .schedule(
                                    () -> reauthenticate(link), config.backoff().ceilingMs(3), TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private void tickle() {
        try {
            sessionId = rest.tickle();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr tickle failed: {}", LogText.printable(e.getMessage()));
        }
    }

    private void refreshPositions() {
        try {
            fills.catchUp();
            applyPositions(positions.read());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr position refresh failed: {}", LogText.printable(e.getMessage()));
        }
    }

    private synchronized void applyPositions(List<IbkrOption> held) {
        Set<String> next = new LinkedHashSet<>();
        Map<Long, IbkrOption> byConid = new LinkedHashMap<>();
        for (IbkrOption o : held) byConid.putIfAbsent(o.conid(), o);
        for (IbkrOption o : byConid.values()) {
            book.watch(o);
            fills.know(o);
            next.add(IbkrSymbols.optionStream(o.conid()));
            if (o.underlyingConid() > 0) next.add(IbkrSymbols.underlyingStream(o.underlyingConid()));
        }
        next.add(IbkrSymbols.TRADES_STREAM);
        StreamSet.Change change = streams.replace(next);
        WsSession session = runtime.session();
        if (!change.removed().isEmpty()) {
            session.unsubscribe(change.removed());
            change.removed().stream()
                    .filter(IbkrSymbols::isOptionStream)
                    .forEach(s -> book.unwatch(IbkrSymbols.conidOf(s)));
        }
        if (!change.added().isEmpty()) session.subscribe(change.added());
        if (!change.isEmpty()) {
            log.info(
                    "ibkr subscriptions: +{} -{} ({} options)",
                    change.added().size(),
                    change.removed().size(),
                    byConid.size());
        }
    }

    @Override
    public Status.State state() {
        return runtime.state();
    }

    /** The {@code smd} streams currently wanted ({@code O:<conid>} options, {@code U:<conid>} underlyings). */
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
                "ibkr adapter stopped: {} messages, {} executions, {} reconnects, {} parse errors",
                m.messages(),
                executions.published(),
                m.reconnects(),
                m.parseErrors());
    }
}
