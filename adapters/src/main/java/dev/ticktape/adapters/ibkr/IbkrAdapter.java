package dev.ticktape.adapters.ibkr;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.BrokerRuntime;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.StreamSet;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.adapters.runtime.WsSession;
import dev.ticktape.adapters.runtime.WsSessionConfig;
import dev.ticktape.model.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
 * and the underlying's price per conid. Every {@code smd} is re-sent before the gateway's 10-minute expiry and
 * after every reconnect. Health goes to {@code md.status} under {@code ibkr:GATEWAY}.
 */
public final class IbkrAdapter implements VenueAdapter {
    public static final String VENUE = "ibkr";
    static final String CONNECTION_ID = "GATEWAY";
    private static final Logger log = LoggerFactory.getLogger(IbkrAdapter.class);

    private final IbkrConfig config;
    private final EventPublisher publisher;
    private final BrokerRuntime runtime;
    private final IbkrRest rest;
    private final IbkrGreeksBook book = new IbkrGreeksBook();
    private final StreamSet streams = new StreamSet();
    private volatile String sessionId;

    private IbkrAdapter(IbkrConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.runtime = new BrokerRuntime(VENUE, CONNECTION_ID, publisher, registry);
        this.rest = new IbkrRest(config);
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
        List<IbkrOption> held = readPositions();
        IbkrHandler h = new IbkrHandler(book, () -> sessionId, this::reauthenticate, publisher, runtime.metrics(),
                runtime.status(), config.ticInterval().toMillis(), config.silenceTimeout().toMillis());
        WsSessionConfig ws = new WsSessionConfig(CONNECTION_ID, URI.create(config.wsUrl()), config.backoff(),
                config.staleTimeout(), () -> true, Duration.ZERO, 20, config.heartbeatInterval());
        // Plain ws:// (a local fake) must not get a TLS socket factory.
        var sockets = config.wsUrl().startsWith("wss:") ? config.tls().sslContext().getSocketFactory() : null;
        WsSession s = new WsSession(ws, h, runtime.timer(), runtime.status(), runtime.metrics(), sockets);
        if (!runtime.install(s)) return;
        applyPositions(held);
        s.start();
        runtime.timer().scheduleWithFixedDelay(h::tick, 500, 500, TimeUnit.MILLISECONDS);
        runtime.every(config.tickleInterval(), this::tickle);
        runtime.every(config.positionRefresh(), this::refreshPositions);
        long resub = config.resubscribeInterval().toMillis();
        // The gateway ends each smd stream 10 minutes after its last request.
        runtime.timer().scheduleAtFixedRate(s::resubscribeAll, resub, resub, TimeUnit.MILLISECONDS);
        log.info("ibkr adapter started: {} options, gateway {}, tls {}", held.size(), config.baseUrl(), config.tls());
    }

    /** Status check, {@code ssodh/init} if the gateway is connected but not authenticated, then a fresh session id. */
    private void ensureAuthenticated() throws Exception {
        IbkrRest.AuthStatus st = rest.authStatus();
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
                log.warn("ibkr re-authentication failed ({}), retrying", e.getMessage());
                if (!runtime.closed()) {
                    runtime.timer().schedule(() -> reauthenticate(link), config.backoff().ceilingMs(3),
                            TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private void tickle() {
        try {
            sessionId = rest.tickle();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr tickle failed: {}", e.getMessage());
        }
    }

    private List<IbkrOption> readPositions() throws Exception {
        List<String> known = rest.portfolioAccounts(); // the gateway requires this before other /portfolio calls
        List<String> accounts = config.accounts().isEmpty() ? known : config.accounts();
        List<IbkrOption> all = new ArrayList<>();
        for (String a : accounts) all.addAll(rest.positions(a));
        return all;
    }

    private void refreshPositions() {
        try {
            applyPositions(readPositions());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr position refresh failed: {}", e.getMessage());
        }
    }

    private synchronized void applyPositions(List<IbkrOption> held) {
        Set<String> next = new LinkedHashSet<>();
        Map<Long, IbkrOption> byConid = new LinkedHashMap<>();
        for (IbkrOption o : held) byConid.putIfAbsent(o.conid(), o);
        for (IbkrOption o : byConid.values()) {
            book.watch(o);
            next.add(IbkrHandler.optionStream(o.conid()));
            if (o.underlyingConid() > 0) next.add(IbkrHandler.underlyingStream(o.underlyingConid()));
        }
        // Extra conids are watched without contract details: resolving them needs the secdef chain.
        for (Long c : config.extraConids()) if (!byConid.containsKey(c)) next.add(IbkrHandler.optionStream(c));
        StreamSet.Change change = streams.replace(next);
        WsSession session = runtime.session();
        if (!change.removed().isEmpty()) {
            session.unsubscribe(change.removed());
            change.removed().stream().filter(s -> s.startsWith("O:"))
                    .forEach(s -> book.unwatch(Long.parseLong(s.substring(2))));
        }
        if (!change.added().isEmpty()) session.subscribe(change.added());
        if (!change.isEmpty()) {
            log.info("ibkr subscriptions: +{} -{} ({} options)", change.added().size(), change.removed().size(),
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
        log.info("ibkr adapter stopped: {} messages, {} reconnects, {} parse errors", m.messages(), m.reconnects(),
                m.parseErrors());
    }
}
