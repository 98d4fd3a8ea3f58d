package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Gap;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical WebSocket feed that stays up: connects, resubscribes the stored subscriptions after every
 * (re)connect, reconnects with capped exponential backoff and full jitter, reconnects when the feed goes silent
 * ({@link StaleFeedWatchdog}), and supports an overlapped {@linkplain WsLink#rollover rollover} for planned cuts.
 * Venue specifics live in the {@link WsHandler}.
 *
 * <p>With a {@link ConnectionChannel}, the session opens a publishing channel when its connection is up and ends it
 * when the feed loses continuity or stops, so producer clock ticks cover only the time the feed was connected.
 *
 * <p>Rollover handover. Two overlapping sockets are not ordered with each other: the replacement can deliver a frame
 * before the old connection has delivered its predecessors, and closing the old connection discards what it has not
 * decoded yet. For a {@linkplain WsHandler#sequenced() sequenced} feed the session therefore holds the replacement's
 * data frames (at most {@link WsSessionConfig#handoverBuffer()}) while the old connection keeps delivering, until the
 * old one has delivered, for every stream the replacement has delivered, that stream's first held position; then it
 * closes the old connection and replays the held frames that are newer than what the old one delivered, in order. If
 * the old connection closes first, the held frames are replayed then. If the buffer overflows, the overflow is
 * counted ({@link AdapterMetrics#handoverOverflow()}) and the handover happens at once; whatever the old connection
 * had not delivered then shows up as a sequence gap, which the handler repairs and counts as it does for any gap.
 * Feeds without sequence numbers switch to the replacement as soon as it delivers data.
 *
 * <p>Each physical connection is a fresh Java-WebSocket client (they cannot be reused). State changes are
 * guarded by this object's monitor; handler callbacks are serialized on a separate lock (taken before the monitor,
 * never after) so the old and the replacement connection never deliver concurrently.
 */
public final class WsSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsSession.class);
    /**
     * The {@link GapLedger} key of the session's outage gap: a {@code DISCONNECT} or {@code STALE_FEED} gap of every
     * instrument on the connection, open from the last data before the loss until data flows again. A handler's
     * gap-fill finds it under this key in {@link WsHandler#onReconnected} and reports its recovery.
     */
    public static final String OUTAGE = "outage";

    private final WsSessionConfig config;
    private final WsHandler handler;
    private final ScheduledExecutorService timer;
    private final StatusReporter status;
    private final AdapterMetrics metrics;
    private final ControlRateLimiter limiter;
    private final SocketFactory socketFactory;
    private final StaleFeedWatchdog watchdog;
    private final ConnectionChannel channel;
    private final Object dispatchLock = new Object();
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();

    private Conn active;
    private Conn replacement;
    private int attempt;
    private volatile boolean closed;
    private boolean started;
    /** Set when the active connection was lost without a replacement: the next open must trigger gap-fill. */
    private boolean continuityLost;
    /** The rollover under way on a sequenced feed and its replacement connection; guarded by dispatchLock. */
    private WsHandover handover;

    private Conn handoverConn;

    /** Receive time of the latest market-data frame (0 before the first). */
    private volatile long lastDataMs;
    /** Whether an outage gap is open: checked per data frame without taking the ledger's lock. */
    private volatile boolean outageOpen;
    /** Set once a connection opened: a failure before that is a start-up problem, not a gap in a running feed. */
    private volatile boolean everOpened;

    public WsSession(
            WsSessionConfig config,
            WsHandler handler,
            ScheduledExecutorService timer,
            StatusReporter status,
            AdapterMetrics metrics) {
        this(config, handler, timer, status, metrics, null, null);
    }

    /**
     * As above, with the socket factory for {@code wss} connections (e.g. trusting a gateway's own certificate);
     * null uses the JDK default trust.
     */
    public WsSession(
            WsSessionConfig config,
            WsHandler handler,
            ScheduledExecutorService timer,
            StatusReporter status,
            AdapterMetrics metrics,
            SocketFactory socketFactory) {
        this(config, handler, timer, status, metrics, socketFactory, null);
    }

    /**
     * As above, with the feed's {@code channel} (null for none): the handler publishes through it, and the session
     * opens its channel on each connection and ends it on each loss of continuity and on {@link #close()}.
     */
    public WsSession(
            WsSessionConfig config,
            WsHandler handler,
            ScheduledExecutorService timer,
            StatusReporter status,
            AdapterMetrics metrics,
            SocketFactory socketFactory,
            ConnectionChannel channel) {
        this.channel = channel;
        this.socketFactory = socketFactory;
        this.config = config;
        this.handler = handler;
        this.timer = timer;
        this.status = status;
        this.metrics = metrics;
        this.limiter = new ControlRateLimiter(config.controlPerSecond());
        this.watchdog = new StaleFeedWatchdog(config.staleTimeout(), config.marketOpen());
    }

    public String connectionId() {
        return config.connectionId();
    }

    /** Adds streams to the stored set; they are subscribed now if connected and after every reconnect. */
    public void subscribe(Collection<String> streams) {
        List<String> added = new ArrayList<>();
        Conn conn;
        synchronized (this) {
            for (String s : streams) if (subscriptions.add(s)) added.add(s);
            conn = active;
        }
        if (conn != null && conn.isOpen() && !added.isEmpty()) {
            for (String m : handler.subscribeMessages(added)) send(conn, m);
        }
    }

    /** Removes streams from the stored set and unsubscribes them now if connected. */
    public void unsubscribe(Collection<String> streams) {
        List<String> removed = new ArrayList<>();
        Conn conn;
        synchronized (this) {
            for (String s : streams) if (subscriptions.remove(s)) removed.add(s);
            conn = active;
        }
        if (conn != null && conn.isOpen() && !removed.isEmpty()) {
            for (String m : handler.unsubscribeMessages(removed)) send(conn, m);
        }
    }

    /** Re-sends the subscribe messages of every stored stream on the current connection (venue-side expiry). */
    public void resubscribeAll() {
        Conn conn;
        synchronized (this) {
            conn = active;
        }
        if (conn != null && conn.isOpen()) conn.link.resubscribe();
    }

    public synchronized List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public void start() {
        synchronized (this) {
            if (started) throw new IllegalStateException("already started");
            started = true;
            active = newConn();
        }
        long checkMs = Math.max(50, config.staleTimeout().toMillis() / 4);
        periodic.add(timer.scheduleWithFixedDelay(this::checkStale, checkMs, checkMs, TimeUnit.MILLISECONDS));
        long hbMs = config.heartbeatInterval().toMillis();
        periodic.add(timer.scheduleAtFixedRate(status::heartbeat, hbMs, hbMs, TimeUnit.MILLISECONDS));
        connect(active);
    }

    public Status.State state() {
        return status.state();
    }

    public StatusReporter status() {
        return status;
    }

    /** Starts an overlapped replacement of the current connection. */
    public void rollover(String reason) {
        Conn next;
        synchronized (dispatchLock) {
            synchronized (this) {
                if (closed || replacement != null || active == null || !active.isOpen()) return;
                next = replacement = newConn();
            }
            if (handler.sequenced()) {
                handover = new WsHandover(config.handoverBuffer());
                handoverConn = next;
            }
        }
        log.info("{} {} rollover: {}", config.connectionId(), config.uri().getHost(), LogText.printable(reason));
        status.degrade("rollover", "rollover: " + reason);
        metrics.reconnected();
        connect(next);
    }

    /** Drops the current connection abruptly and reconnects with backoff. */
    public void reconnect(String reason) {
        Conn conn;
        synchronized (this) {
            conn = active;
        }
        if (conn == null) return;
        log.info("{} reconnect: {}", config.connectionId(), LogText.printable(reason));
        // Abrupt: a close handshake with a stalled server could hang as long as the stall itself.
        conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
    }

    @Override
    public void close() {
        List<Conn> conns = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (active != null) conns.add(active);
            if (replacement != null) conns.add(replacement);
            active = replacement = null;
        }
        periodic.forEach(f -> f.cancel(false));
        for (Conn c : conns) c.close(CloseFrame.NORMAL, "adapter stopping");
        synchronized (dispatchLock) {
            // Waits out a frame being handled right now; later ones see closed. After close() nothing is published.
        }
        if (channel != null) channel.close();
        // What this run may have missed ends here; a stopped adapter is not a gap of its feed.
        status.gaps().closeAll(System.currentTimeMillis());
        status.disconnected("closed by adapter");
    }

    /**
     * Opens the outage gap (all instruments) from the last data received, unless one is open: a stale feed that is
     * then reconnected stays one {@code STALE_FEED} gap. Nothing before the first connection opened is a gap.
     */
    private void openOutage(Gap.Cause cause, String detail) {
        if (!everOpened || closed || !handler.recordsOutages()) return;
        long now = System.currentTimeMillis();
        long from = lastDataMs > 0 ? Math.min(lastDataMs, now) : now;
        status.gaps().open(OUTAGE, from, List.of(), cause, detail);
        outageOpen = true;
    }

    /** Market data arrived: the outage gap, if any, ends here. */
    private void dataFlowing(long recvMs) {
        lastDataMs = recvMs;
        if (!outageOpen) return;
        outageOpen = false;
        status.gaps().close(OUTAGE, recvMs);
    }

    private Conn newConn() {
        Conn c = new Conn(config.uri());
        long pingSeconds = config.clientPingInterval().toSeconds();
        // Java-WebSocket pings at this interval and drops the connection after 1.5 intervals without a pong.
        c.setConnectionLostTimeout((int) Math.max(0, pingSeconds));
        c.setTcpNoDelay(true);
        if (socketFactory != null) c.setSocketFactory(socketFactory);
        return c;
    }

    private void connect(Conn conn) {
        try {
            conn.connect();
        } catch (RuntimeException e) {
            log.warn("{} connect failed: {}", config.connectionId(), e.toString());
            onClosed(conn, -1, e.toString());
        }
    }

    private void checkStale() {
        if (closed) return;
        Conn conn;
        synchronized (this) {
            conn = active;
        }
        if (conn != null && conn.isOpen() && watchdog.isStale()) {
            status.degrade("stale", "no market data for " + watchdog.timeout().toMillis() + " ms");
            openOutage(
                    Gap.Cause.STALE_FEED,
                    "no market data for " + watchdog.timeout().toMillis() + " ms");
            reconnect("stale feed");
        }
    }

    private void send(Conn conn, String message) {
        long waitNanos = limiter.reserveNanos();
        timer.schedule(
                () -> {
                    if (conn.isOpen()) conn.send(message);
                },
                waitNanos,
                TimeUnit.NANOSECONDS);
    }

    private void onOpened(Conn conn) {
        boolean gap;
        synchronized (this) {
            if (closed) {
                conn.close(CloseFrame.NORMAL, "adapter stopping");
                return;
            }
            if (conn != active && conn != replacement) return;
            gap = conn == active && continuityLost;
            continuityLost = false;
        }
        if (conn == active) {
            everOpened = true;
            watchdog.reset();
            status.recover("stale");
            status.connected("connected to " + config.uri());
            // Before the handler runs: a gap-fill it starts publishes through the new connection's channel.
            if (channel != null) channel.connected();
        }
        WsLink link = conn.link;
        synchronized (dispatchLock) {
            handler.onOpen(link);
            if (gap) handler.onReconnected(link);
        }
    }

    private void onText(Conn conn, String text) {
        long recvMs = System.currentTimeMillis();
        if (handler.sequenced()) {
            onSequencedText(conn, text, recvMs);
            return;
        }
        boolean data;
        synchronized (dispatchLock) {
            if (closed) return; // frames still buffered in a socket being torn down: the adapter has stopped
            data = handler.onText(conn.link, text, recvMs);
        }
        if (!data) return;
        dataFlowing(recvMs);
        watchdog.dataReceived();
        metrics.messageReceived();
        Conn retired = null;
        synchronized (this) {
            attempt = 0;
            if (conn == replacement) {
                retired = active;
                active = replacement;
                replacement = null;
            }
        }
        if (retired != null) {
            // The replacement is delivering (a feed without sequence numbers: nothing to wait for). Frames the old
            // connection has not decoded yet are dropped with it; what both delivered reaches the handler twice.
            retired.close(CloseFrame.NORMAL, "replaced");
            status.recover("rollover");
            log.info("{} rollover complete", config.connectionId());
        }
    }

    /** {@link #onText} of a sequenced feed: holds the replacement's data frames until the handover (see above). */
    private void onSequencedText(Conn conn, String text, long recvMs) {
        Handed handed = null;
        boolean overflow = false;
        synchronized (dispatchLock) {
            if (closed) return;
            handed = settleHandover();
            WsFramePosition pos = handover == null ? null : handler.positionOf(text);
            if (pos != null && conn == handoverConn) {
                if (!handover.hold(text, pos, recvMs)) {
                    overflow = true;
                    handed = completeHandover();
                } else if (handover.caughtUp()) {
                    handed = completeHandover();
                }
            } else {
                dispatch(conn, text, recvMs);
                if (pos != null && handover != null && conn == currentActive()) {
                    handover.oldDelivered(pos);
                    if (handover.caughtUp()) handed = completeHandover();
                }
            }
        }
        if (overflow) {
            metrics.handoverOverflow();
            log.warn(
                    "{} rollover: more than {} frames held for the replacement; handing over now, gaps are resynced",
                    config.connectionId(),
                    config.handoverBuffer());
        }
        finishHandover(handed);
    }

    /** The outcome of a handover: the old connection to close (null when it had closed already). */
    private record Handed(Conn retired, int replayed) {}

    /** Hands the feed to the replacement: it becomes active and its held frames are replayed. Under dispatchLock. */
    private Handed completeHandover() {
        WsHandover h = handover;
        Conn next = handoverConn;
        handover = null;
        handoverConn = null;
        Conn retired = null;
        synchronized (this) {
            if (replacement == next) {
                retired = active;
                active = next;
                replacement = null;
                attempt = 0;
            } else if (active != next) {
                return null; // the replacement failed: the old connection delivers everything, the held frames go
            }
        }
        List<WsHandover.Held> replay = h.release();
        for (WsHandover.Held f : replay) dispatch(next, f.text(), f.recvMs());
        return new Handed(retired, replay.size());
    }

    /**
     * Ends a handover whose overlap ended without one: the old connection closed (its replacement is active now and
     * its held frames continue the feed) or the replacement failed (nothing held is needed). Under dispatchLock.
     */
    private Handed settleHandover() {
        if (handover == null) return null;
        synchronized (this) {
            if (replacement == handoverConn) return null; // still overlapping
        }
        return completeHandover();
    }

    private void finishHandover(Handed handed) {
        if (handed == null) return;
        if (handed.retired() != null) handed.retired().close(CloseFrame.NORMAL, "replaced");
        status.recover("rollover");
        log.info("{} rollover complete ({} held frames replayed)", config.connectionId(), handed.replayed());
    }

    /** Hands one frame to the handler and counts it if it was market data. Under dispatchLock. */
    private void dispatch(Conn conn, String text, long recvMs) {
        if (!handler.onText(conn.link, text, recvMs)) return;
        dataFlowing(recvMs);
        watchdog.dataReceived();
        metrics.messageReceived();
        synchronized (this) {
            attempt = 0;
        }
    }

    private synchronized Conn currentActive() {
        return active;
    }

    private void onClosed(Conn conn, int code, String reason) {
        Duration delay;
        synchronized (this) {
            if (closed) return;
            if (conn == replacement) {
                replacement = null;
                log.warn(
                        "{} replacement connection failed ({} {}); keeping the current one",
                        config.connectionId(),
                        code,
                        reason);
                status.recover("rollover");
                scheduleSettle();
                return;
            }
            if (conn != active) return; // a retired connection finishing its close
            if (replacement != null) {
                // Lost before the overlap completed: the replacement takes over; frames in between may be lost
                // (a sequenced feed replays what the replacement held, and its sequence checks see any gap).
                active = replacement;
                replacement = null;
                continuityLost = true;
                // A sequenced feed's own checks see what the handover missed; others may have lost frames here.
                if (!handler.sequenced()) openOutage(Gap.Cause.DISCONNECT, "closed " + code + " during a rollover");
                scheduleSettle();
                return;
            }
            active = newConn();
            continuityLost = true;
            delay = config.backoff().delay(attempt++);
        }
        openOutage(Gap.Cause.DISCONNECT, "closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        // Data from the time we are down can still come (gap-fill): this connection's clock must stop here.
        if (channel != null) channel.disconnected();
        status.disconnected("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        metrics.reconnected();
        log.info(
                "{} closed ({} {}), reconnecting in {} ms",
                config.connectionId(),
                code,
                LogText.printable(reason), // the venue's close reason
                delay.toMillis());
        Conn next;
        synchronized (this) {
            next = active;
        }
        timer.schedule(() -> connect(next), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Settles a sequenced handover after a close, on the timer: a close can be reported on a thread that holds the
     * socket's own lock, which must never wait for the dispatch lock.
     */
    private void scheduleSettle() {
        if (!handler.sequenced() || closed) return;
        timer.execute(() -> {
            Handed handed;
            synchronized (dispatchLock) {
                if (closed) return;
                handed = settleHandover();
            }
            finishHandover(handed);
        });
    }

    /** One physical connection. */
    private final class Conn extends WebSocketClient {
        final Link link = new Link(this);

        Conn(URI uri) {
            super(uri);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            onOpened(this);
        }

        @Override
        public void onMessage(String message) {
            onText(this, message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            onClosed(this, code, reason);
        }

        @Override
        public void onError(Exception ex) {
            log.debug("{} socket error: {}", config.connectionId(), LogText.printable(ex.toString()));
        }
    }

    private final class Link implements WsLink {
        private final Conn conn;

        Link(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void sendControl(String message) {
            send(conn, message);
        }

        @Override
        public void resubscribe() {
            List<String> streams = subscriptions();
            if (!streams.isEmpty()) for (String m : handler.subscribeMessages(streams)) send(conn, m);
        }

        @Override
        public void rollover(String reason) {
            WsSession.this.rollover(reason);
        }

        @Override
        public void reconnect(String reason) {
            WsSession.this.reconnect(reason);
        }

        @Override
        public void reconnectStale(String reason) {
            openOutage(Gap.Cause.STALE_FEED, reason);
            WsSession.this.reconnect(reason);
        }

        @Override
        public StatusReporter status() {
            return status;
        }

        @Override
        public String connectionId() {
            return config.connectionId();
        }
    }
}
