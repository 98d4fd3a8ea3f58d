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
import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Status;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final String TRADES_SOURCE = "rest:ibkr/trades";
    private static final Logger log = LoggerFactory.getLogger(IbkrAdapter.class);

    private final IbkrConfig config;
    private final EventPublisher publisher;
    private final BrokerRuntime runtime;
    private final ExecutionPublisher executions;
    private final IbkrRest rest;
    private final IbkrGreeksBook book = new IbkrGreeksBook();
    private final StreamSet streams = new StreamSet();
    private final Map<Long, OptionContract> contracts = new ConcurrentHashMap<>();
    private final Set<String> unresolvedWarned = ConcurrentHashMap.newKeySet();
    private volatile String sessionId;

    private IbkrAdapter(IbkrConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.runtime = new BrokerRuntime(VENUE, CONNECTION_ID, publisher, registry);
        this.executions = runtime.executions();
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
        ConnectionChannel channel = new ConnectionChannel(publisher, "ws:" + VENUE + "/" + CONNECTION_ID);
        IbkrStreamHandler h = new IbkrStreamHandler(book, () -> sessionId, this::reauthenticate,
                (fills, recvMs) -> runtime.restExecutor().execute(() -> publishFills(fills, recvMs)), channel,
                runtime.metrics(), runtime.status(), config.ticInterval().toMillis(), config.silenceTimeout().toMillis());
        WsSessionConfig ws = new WsSessionConfig(CONNECTION_ID, URI.create(config.wsUrl()), config.backoff(),
                config.staleTimeout(), () -> true, Duration.ZERO, 20, config.heartbeatInterval());
        // Plain ws:// (a local fake) must not get a TLS socket factory.
        var sockets = config.wsUrl().startsWith("wss:") ? config.tls().sslContext().getSocketFactory() : null;
        WsSession s = new WsSession(ws, h, runtime.timer(), runtime.status(), runtime.metrics(), sockets, channel);
        if (!runtime.install(s)) return;
        applyPositions(held);
        s.start();
        catchUpFills();
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

    /** Held options of the configured accounts, plus the command-line conids resolved through {@code /trsrv/secdef}. */
    private List<IbkrOption> readPositions() throws Exception {
        List<String> known = rest.portfolioAccounts(); // the gateway requires this before other /portfolio calls
        List<String> accounts = config.accounts().isEmpty() ? known : config.accounts();
        List<IbkrOption> all = new ArrayList<>();
        for (String a : accounts) all.addAll(rest.positions(a));
        Set<Long> held = new LinkedHashSet<>();
        all.forEach(o -> held.add(o.conid()));
        List<Long> extra = config.extraConids().stream().filter(c -> !held.contains(c)).toList();
        if (!extra.isEmpty()) {
            List<IbkrOption> defs = rest.secdef(extra);
            all.addAll(defs);
            Set<Long> resolved = new LinkedHashSet<>();
            defs.forEach(d -> resolved.add(d.conid()));
            List<Long> unknown = extra.stream().filter(c -> !resolved.contains(c)).toList();
            if (!unknown.isEmpty() && unresolvedWarned.add(unknown.toString())) {
                log.warn("ibkr conids {} are not options the gateway knows (no secdef): not streamed", unknown);
            }
        }
        return all;
    }

    /** Executions the socket may have missed (before it connected, while it was down): the day's list, deduplicated. */
    private void catchUpFills() {
        try {
            long now = System.currentTimeMillis();
            List<IbkrFills.Fill> fills = new ArrayList<>();
            for (JsonNode t : rest.trades()) {
                try {
                    fills.add(IbkrFills.parse(t));
                } catch (InvalidEventException e) {
                    executions.reject(e, TRADES_SOURCE, t.toString(), now);
                }
            }
            publishFills(fills, now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr executions catch-up failed: {}", e.getMessage());
        }
    }

    /** On the REST thread: resolves unknown option conids, then publishes each execution once. */
    private void publishFills(List<IbkrFills.Fill> fills, long recvMs) {
        List<Long> unknown = fills.stream().filter(f -> f.isOption() && !contracts.containsKey(f.conid()))
                .map(IbkrFills.Fill::conid).distinct().toList();
        if (!unknown.isEmpty()) {
            try {
                rest.secdef(unknown).forEach(o -> contracts.put(o.conid(), o.contract()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                log.warn("ibkr secdef lookup for executions failed: {}", e.getMessage());
                return; // not marked as published: the next catch-up retries them
            }
        }
        for (IbkrFills.Fill f : fills) {
            if (!executions.claim(f.execId())) continue;
            try {
                executions.publishClaimed(f.toExecution(contracts.get(f.conid()), recvMs));
            } catch (InvalidEventException e) {
                executions.reject(e, TRADES_SOURCE, "{\"execution_id\":\"" + f.execId() + "\",\"conid\":" + f.conid() + "}",
                        recvMs);
            }
        }
    }

    private void refreshPositions() {
        try {
            catchUpFills();
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
            contracts.put(o.conid(), o.contract());
            next.add(IbkrStreamHandler.optionStream(o.conid()));
            if (o.underlyingConid() > 0) next.add(IbkrStreamHandler.underlyingStream(o.underlyingConid()));
        }
        next.add(IbkrStreamHandler.TRADES_STREAM);
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
        log.info("ibkr adapter stopped: {} messages, {} executions, {} reconnects, {} parse errors", m.messages(),
                executions.published(), m.reconnects(), m.parseErrors());
    }
}
