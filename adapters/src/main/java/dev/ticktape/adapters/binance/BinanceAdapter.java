package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.ConnectionChannel;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.runtime.WsSession;
import dev.ticktape.adapters.runtime.WsSessionConfig;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance Spot market data: {@code @trade} to {@code md.trades}, {@code @bookTicker} to {@code md.quotes}, diff
 * depth with REST-snapshot sync to {@code md.books}, health to {@code md.status} per connection ({@code CONN0},
 * {@code CONN1}, ...). Symbols are spread over as many connections as the 1024-streams limit needs. Each
 * connection reconnects on its own, resubscribes, gap-fills trades over REST after an unplanned reconnect, and
 * rolls over (overlapped) before the 24 h cut and on {@code serverShutdown}.
 *
 * <p>Each connection publishes through its own {@link ConnectionChannel}: a producer clock per unbroken stretch of
 * connection, a fresh one after a reconnect.
 *
 * <p>Per-symbol state (last trade id, last quote update id, book) is shared by the old and the replacement
 * connection during a rollover, so the overlap produces no duplicates.
 */
public final class BinanceAdapter implements VenueAdapter {
    private static final Logger log = LoggerFactory.getLogger(BinanceAdapter.class);
    /**
     * Re-fetch delays of a depth snapshot that did not sync the book: 200 ms doubling to 30 s. A 1000-level snapshot
     * weighs 50 of the 6000 per minute; without the doubling a venue serving stale snapshots would see 300 a minute.
     */
    private static final Backoff SNAPSHOT_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    private final BinanceConfig config;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final BinanceParser parser = new BinanceParser();
    private final BinanceStreams streams = new BinanceStreams();
    private final BinanceRest rest;
    private final BinanceGapFill gapFill;
    private final ScheduledExecutorService timer;
    private final ExecutorService restExecutor;
    private final List<WsSession> sessions = new ArrayList<>();
    private final Map<String, BinanceTradeSequencer> trades = new LinkedHashMap<>();
    private final Map<String, BinanceBookSync> books = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    private BinanceAdapter(BinanceConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.metrics = new AdapterMetrics(registry, BinanceParser.VENUE);
        this.rest = new BinanceRest(config.restBaseUrl(), config.restWeightPerMinute());
        this.gapFill = new BinanceGapFill(rest, parser);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("binance-timer"));
        // One REST thread: snapshots and gap-fills queue behind each other, which is itself a form of pacing.
        this.restExecutor = Executors.newSingleThreadExecutor(daemon("binance-rest"));
    }

    /** Creates an adapter; nothing connects until {@link #start()}. */
    public static BinanceAdapter create(BinanceConfig config, EventPublisher publisher, MeterRegistry registry) {
        return new BinanceAdapter(config, publisher, registry);
    }

    @Override
    public String venue() {
        return BinanceParser.VENUE;
    }

    @Override
    public synchronized void start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        int perConn = config.streamsPerConnection() / config.streamsPerSymbol();
        List<String> symbols = config.symbols();
        for (int from = 0, n = 0; from < symbols.size(); from += perConn, n++) {
            sessions.add(openConnection("CONN" + n, symbols.subList(from, Math.min(symbols.size(), from + perConn))));
        }
        long planned = config.plannedReconnect().toMillis();
        timer.scheduleAtFixedRate(
                () -> sessions.forEach(s -> s.rollover("planned reconnect before the 24h cut")),
                planned,
                planned,
                TimeUnit.MILLISECONDS);
        log.info(
                "binance adapter started: {} symbols on {} connections, depth {}",
                symbols.size(),
                sessions.size(),
                config.depth());
    }

    private WsSession openConnection(String connId, List<String> symbols) {
        StatusReporter status = new StatusReporter(venue(), connId, publisher, this::counters);
        String source = "ws:" + venue() + "/" + connId;
        // Everything this connection's symbols publish (live, gap-filled, books) goes through its channel.
        ConnectionChannel channel = new ConnectionChannel(publisher, source);
        Map<String, BinanceTradeSequencer> connTrades = new LinkedHashMap<>();
        Map<String, BinanceBookSync> connBooks = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String s : symbols) {
            BinanceTradeSequencer seq = new BinanceTradeSequencer(
                    s, parser, gapFill, restExecutor, t -> publish(channel, t), metrics, status);
            connTrades.put(s, seq);
            trades.put(s, seq);
            if (config.depth()) {
                BinanceBookSync sync = new BinanceBookSync(
                        s,
                        parser,
                        rest,
                        restExecutor,
                        timer,
                        b -> publish(channel, b),
                        metrics,
                        status,
                        SNAPSHOT_BACKOFF);
                connBooks.put(s, sync);
                books.put(s, sync);
            }
            names.addAll(BinanceStreams.forSymbol(s, config.depth()));
        }
        BinanceStreamHandler handler = new BinanceStreamHandler(
                parser, streams, channel, metrics, source, connTrades, connBooks, new SubscriptionRefusals(status));
        WsSessionConfig wsConfig = new WsSessionConfig(
                connId,
                URI.create(config.wsBaseUrl() + "/stream"),
                config.backoff(),
                config.watchdogTimeout(),
                () -> true,
                Duration.ZERO,
                config.controlPerSecond(),
                config.heartbeatInterval());
        WsSession session = new WsSession(wsConfig, handler, timer, status, metrics, null, channel);
        session.subscribe(names);
        session.start();
        return session;
    }

    @Override
    public synchronized Status.State state() {
        if (sessions.isEmpty()) return Status.State.DISCONNECTED;
        Status.State worst = Status.State.CONNECTED;
        for (WsSession s : sessions) {
            Status.State st = s.state();
            if (st.ordinal() > worst.ordinal()) worst = st;
        }
        return worst;
    }

    /** The local book of {@code symbol}, if depth is on and the book is synced. */
    public Optional<BinanceBook.View> book(String symbol) {
        BinanceBookSync sync = books.get(BinanceSymbols.toInstrument(symbol));
        return sync == null || !sync.live() ? Optional.empty() : Optional.of(sync.view());
    }

    /** Number of WebSocket connections (one per 1024 streams). */
    public synchronized int connections() {
        return sessions.size();
    }

    public AdapterMetrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        books.values().forEach(BinanceBookSync::close);
        sessions.forEach(WsSession::close);
        timer.shutdownNow();
        restExecutor.shutdownNow();
        log.info(
                "binance adapter stopped: {} messages, {} reconnects, {} parse errors, {} book gaps, {} gap-filled",
                metrics.messages(),
                metrics.reconnects(),
                metrics.parseErrors(),
                metrics.bookGaps(),
                metrics.gapFillTrades());
    }

    private Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("messages", metrics.messages());
        c.put("reconnects", metrics.reconnects());
        c.put("parse_errors", metrics.parseErrors());
        c.put("book_gaps", metrics.bookGaps());
        c.put("gapfill_trades", metrics.gapFillTrades());
        c.put("handover_overflows", metrics.handoverOverflows());
        // Lets any md.status reader tell a silent feed from a quiet one (the stale-feed alert).
        c.put("last_message_age_ms", metrics.lastMessageAgeMillis());
        c.put("market_open", 1L); // crypto: always expected
        return c;
    }

    private static void publish(EventPublisher channel, MarketEvent e) {
        channel.publish(e, failure -> {
            if (failure != null) log.warn("binance publish failed: {}", failure.toString());
        });
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
