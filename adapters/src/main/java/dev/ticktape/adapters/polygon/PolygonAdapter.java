package dev.ticktape.adapters.polygon;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.ConnectionChannel;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.runtime.WsSession;
import dev.ticktape.adapters.runtime.WsSessionConfig;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Gap;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polygon (Massive) US stocks: {@code T} to {@code md.trades}, {@code Q} to {@code md.quotes}, {@code AM} to
 * {@code md.bars.1m} as upserts, optionally {@code A} to {@code md.bars.1s}; health to {@code md.status} as
 * connection {@code CONN0}. One connection, as the venue allows one per cluster and key. It authenticates before
 * subscribing, reconnects with backoff (re-authenticating and re-subscribing), and after an unplanned reconnect
 * re-reads minute bars over REST from {@code correctionWindow} before the last venue time seen, publishing only
 * bars that are new or changed. A refused key is fatal: the adapter stops and completes {@link #fatal()}.
 *
 * <p>The stream publishes through a {@link ConnectionChannel}: a producer clock per unbroken stretch of connection,
 * a fresh one after a reconnect. Gap-filled minute bars are not trades and go to the publisher directly.
 */
public final class PolygonAdapter implements VenueAdapter {
    private static final Logger log = LoggerFactory.getLogger(PolygonAdapter.class);
    static final String CONNECTION_ID = "CONN0";
    private static final int GAP_FILL_ATTEMPTS = 5;

    private final PolygonConfig config;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final PolygonParser parser = new PolygonParser();
    private final PolygonMinuteBars minuteBars;
    private final PolygonGapFill gapFill;
    private final ScheduledExecutorService timer;
    private final ExecutorService restExecutor;
    private final CompletableFuture<String> fatal = new CompletableFuture<>();
    private final String source = "ws:" + PolygonParser.VENUE + "/" + CONNECTION_ID;
    private StatusReporter status;
    private PolygonStreamHandler handler;
    private WsSession session;
    private boolean started;
    private boolean closed;

    private PolygonAdapter(PolygonConfig config, EventPublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.metrics = new AdapterMetrics(registry, PolygonParser.VENUE);
        // Keep what the venue may still correct plus the window a gap-fill re-reads.
        this.minuteBars = new PolygonMinuteBars(2 * config.correctionWindow().toMillis() + 60_000);
        this.gapFill = new PolygonGapFill(new PolygonRest(config.restBaseUrl(), config.apiKey()), parser);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("polygon-timer"));
        this.restExecutor = Executors.newSingleThreadExecutor(daemon("polygon-rest"));
    }

    /** Creates an adapter; nothing connects until {@link #start()}. */
    public static PolygonAdapter create(PolygonConfig config, EventPublisher publisher, MeterRegistry registry) {
        return new PolygonAdapter(config, publisher, registry);
    }

    @Override
    public String venue() {
        return PolygonParser.VENUE;
    }

    @Override
    public synchronized void start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        status = new StatusReporter(venue(), CONNECTION_ID, publisher, this::counters);
        ConnectionChannel channel = new ConnectionChannel(publisher, source);
        handler = new PolygonStreamHandler(
                parser,
                config.apiKey(),
                channel,
                metrics,
                source,
                minuteBars,
                this::onReconnected,
                this::fail,
                new SubscriptionRefusals(status));
        WsSessionConfig ws = new WsSessionConfig(
                CONNECTION_ID,
                URI.create(config.wsUrl()),
                config.backoff(),
                config.watchdogTimeout(),
                config.marketOpen(),
                config.clientPingInterval(),
                config.controlPerSecond(),
                config.heartbeatInterval());
        session = new WsSession(ws, handler, timer, status, metrics, null, channel);
        List<String> params = new ArrayList<>();
        for (String s : config.symbols()) for (String ch : config.channels()) params.add(PolygonSymbols.param(ch, s));
        session.subscribe(params);
        session.start();
        if (!config.startupBackfill().isZero()) {
            // A restart lost whatever the previous process did not publish: re-read recent minutes.
            long now = System.currentTimeMillis();
            scheduleGapFill(BarInterval.M1.start(now - config.startupBackfill().toMillis()), now, 0, null, 0);
        }
        log.info(
                "polygon adapter started: {} symbols, channels {}, ws {}",
                config.symbols().size(),
                config.channels(),
                config.wsUrl());
    }

    /** Completes with the reason when the adapter stopped itself for good (the venue refused the key). */
    public CompletableFuture<String> fatal() {
        return fatal;
    }

    @Override
    public synchronized Status.State state() {
        return session == null ? Status.State.DISCONNECTED : session.state();
    }

    public AdapterMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        if (session != null) session.close();
        timer.shutdownNow();
        restExecutor.shutdownNow();
        log.info(
                "polygon adapter stopped: {} messages, {} reconnects, {} parse errors, {} gap-filled bars",
                metrics.messages(),
                metrics.reconnects(),
                metrics.parseErrors(),
                metrics.gapFillBars());
    }

    /** Runs on the socket thread inside the handler: closing here means the venue's close cannot schedule a reconnect. */
    private void fail(String reason) {
        log.error("polygon adapter stopping: {}", LogText.printable(reason));
        status.disconnected(reason);
        close();
        fatal.complete(reason);
    }

    /**
     * After an unplanned reconnect: from the correction window before the last venue time seen (or now). The fill's
     * outcome is the recovery of the session's outage gap, still open here (data has not flowed yet).
     */
    private void onReconnected(long lastVenueMs) {
        long now = System.currentTimeMillis();
        long fromMs = BarInterval.M1.start(lastVenueMs > 0 ? lastVenueMs : now)
                - config.correctionWindow().toMillis();
        scheduleGapFill(fromMs, now, 0, status.gaps().openGap(WsSession.OUTAGE), 0);
    }

    /**
     * {@code outage}: the gap this fill repairs (null for the start-up backfill); {@code publishedBefore}: bars
     * earlier attempts published.
     */
    private void scheduleGapFill(long fromMs, long liveSinceMs, int attempt, Gap outage, long publishedBefore) {
        status.degrade("gapfill", "re-reading minute bars since " + fromMs);
        try {
            restExecutor.execute(() -> runGapFill(fromMs, liveSinceMs, attempt, outage, publishedBefore));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void runGapFill(long fromMs, long liveSinceMs, int attempt, Gap outage, long publishedBefore) {
        long published = publishedBefore;
        try {
            long toMs = System.currentTimeMillis();
            for (String symbol : config.symbols()) {
                PolygonAggsRequest request = PolygonAggsRequest.minutes(symbol, fromMs, toMs);
                for (PolygonAggsPage.Bar b : gapFill.bars(request)) {
                    // The window still forming is left to the live AM message.
                    if (b.start() + BarInterval.M1.millis() > toMs || b.start() < fromMs) continue;
                    Bar bar = parser.toBar(request, b, System.currentTimeMillis(), source);
                    if (minuteBars.offerFill(bar, liveSinceMs)) {
                        publish(bar);
                        published++;
                    }
                }
            }
            metrics.gapFilledBars(published - publishedBefore);
            status.recover("gapfill");
            log.info("polygon gap-fill from {}: {} minute bars published", fromMs, published);
            // Every symbol's minute bars re-read, but the trades and quotes of the window are not refetchable, so
            // the bars built from trades stay short: partial, never backfilled.
            if (outage != null) status.gaps().recovered(outage, Gap.Recovery.PARTIAL, published);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            metrics.gapFilledBars(published - publishedBefore);
            if (attempt + 1 >= GAP_FILL_ATTEMPTS || e instanceof PolygonRest.KeyRefused) {
                if (outage != null) {
                    status.gaps().recovered(outage, Gap.Recovery.NONE, published);
                }
                // Stays DEGRADED: the gap is visible on md.status until a later gap-fill succeeds.
                status.degrade("gapfill", "gap-fill failed since " + fromMs + ": " + e.getMessage());
                log.warn(
                        "polygon gap-fill from {} failed after {} attempts: {}",
                        fromMs,
                        attempt + 1,
                        LogText.printable(e.toString()));
                return;
            }
            long delay = config.backoff().ceilingMs(attempt + 1);
            log.warn(
                    "polygon gap-fill from {} failed ({}), retrying in {} ms",
                    fromMs,
                    LogText.printable(e.toString()),
                    delay);
            try {
                long sofar = published;
                timer.schedule(
                        () -> scheduleGapFill(fromMs, liveSinceMs, attempt + 1, outage, sofar),
                        delay,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // adapter closed meanwhile
            }
        }
    }

    private Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("messages", metrics.messages());
        c.put("reconnects", metrics.reconnects());
        c.put("parse_errors", metrics.parseErrors());
        c.put("gapfill_bars", metrics.gapFillBars());
        c.put("bar_corrections", handler == null ? 0 : handler.corrections());
        // For md.status readers: the stale-feed alert needs data age and whether data is expected now.
        c.put("last_message_age_ms", metrics.lastMessageAgeMillis());
        c.put("market_open", config.marketOpen().getAsBoolean() ? 1L : 0L);
        return c;
    }

    private void publish(MarketEvent e) {
        publisher.publish(e, failure -> {
            if (failure != null) log.warn("polygon publish failed: {}", failure.toString());
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
