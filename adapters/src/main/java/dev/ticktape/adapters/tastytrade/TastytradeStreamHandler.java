package dev.ticktape.adapters.tastytrade;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.WsHandler;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.codec.LogText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DXLink protocol on one session: SETUP, then AUTH once the server asks for it, CHANNEL_REQUEST, FEED_SETUP
 * (COMPACT Greeks/Quote/Trade), then {@code reset} and the stored subscriptions. Subscriptions asked for before
 * the channel is ready are held back (they go out with the resubscribe). A rejected token triggers a token
 * refresh (re-login if needed) and a second AUTH, with an {@code auth} degradation meanwhile. {@link #tick()}
 * sends KEEPALIVE within the server's timeout and drops a connection that has been silent past ours.
 *
 * <p>An ERROR on the feed channel ({@code INVALID_MESSAGE}, {@code BAD_ACTION}, {@code UNKNOWN}) refuses a
 * subscription: the connection is degraded with the server's reason and a {@code subscription_error} gap opens for
 * the subscribed symbols the message names (every instrument when it names none), until the channel is opened
 * again and everything resubscribed.
 */
final class TastytradeStreamHandler implements WsHandler {
    private static final Logger log = LoggerFactory.getLogger(TastytradeStreamHandler.class);
    /** ERROR codes that, on the feed channel, concern what was subscribed (DXLink has no per-item reply). */
    private static final Set<String> SUBSCRIPTION_ERRORS = Set.of("INVALID_MESSAGE", "BAD_ACTION", "UNKNOWN");

    /** Where the quote token comes from. */
    interface TokenSource {
        String current();

        /** Fetches a fresh token off the socket thread, then passes it on (not called on failure). */
        void refresh(Consumer<String> then);
    }

    private final TastytradeParser parser = new TastytradeParser(DxLinkMessages.EVENT_FIELDS);
    private final TastytradeGreeksBook book;
    private final TokenSource tokens;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final long keepaliveIntervalMs;
    private final long ownTimeoutS;
    private final SubscriptionRefusals refusals;
    /** Subscribed streamer symbols and when each was last asked for: what an ERROR can name. */
    private final Map<String, Long> subscribedAt = new ConcurrentHashMap<>();

    private volatile WsLink link;
    private volatile boolean ready;
    private volatile boolean authSent;
    private volatile long serverTimeoutMs;
    private volatile long lastReceivedMs;
    private volatile long lastSentMs;

    TastytradeStreamHandler(
            TastytradeGreeksBook book,
            TokenSource tokens,
            EventPublisher publisher,
            AdapterMetrics metrics,
            StatusReporter status,
            long keepaliveIntervalMs,
            long ownTimeoutS) {
        this.book = book;
        this.tokens = tokens;
        this.publisher = publisher;
        this.metrics = metrics;
        this.status = status;
        this.keepaliveIntervalMs = keepaliveIntervalMs;
        this.ownTimeoutS = ownTimeoutS;
        this.refusals = new SubscriptionRefusals(status);
    }

    @Override
    public void onOpen(WsLink link) {
        parser.reset();
        ready = false;
        authSent = false;
        serverTimeoutMs = ownTimeoutS * 1000;
        lastReceivedMs = System.currentTimeMillis();
        this.link = link;
        send(link, DxLinkMessages.setup(ownTimeoutS));
    }

    @Override
    public List<String> subscribeMessages(List<String> streams) {
        if (!ready) return List.of();
        long now = System.currentTimeMillis();
        for (String s : streams) subscribedAt.put(DxLinkMessages.symbolOf(s), now);
        return DxLinkMessages.add(streams);
    }

    @Override
    public List<String> unsubscribeMessages(List<String> streams) {
        // Kept in subscribedAt: a symbol can stay subscribed under another event type, and naming it costs nothing.
        return ready ? DxLinkMessages.remove(streams) : List.of();
    }

    @Override
    public boolean onText(WsLink link, String text, long recvMs) {
        lastReceivedMs = recvMs;
        TastytradeWsFrame frame;
        try {
            frame = parser.decode(text);
        } catch (InvalidEventException e) {
            deadLetter(link, text, e, recvMs);
            return false;
        }
        if (frame instanceof TastytradeWsFrame.FeedData data) {
            for (DxRecord r : data.records()) {
                try {
                    DxEvent event = parser.toEvent(r);
                    Greeks g = event == null ? null : book.apply(event, recvMs);
                    if (g != null) publish(g);
                } catch (InvalidEventException e) {
                    deadLetter(link, text, e, recvMs);
                }
            }
            return true;
        }
        control(link, frame);
        return false;
    }

    private void control(WsLink link, TastytradeWsFrame frame) {
        if (frame instanceof TastytradeWsFrame.Setup s) {
            serverTimeoutMs = Math.max(1, s.keepaliveTimeoutS()) * 1000;
        } else if (frame instanceof TastytradeWsFrame.AuthState a) {
            if (a.authorized()) {
                status.recover("auth");
                send(link, DxLinkMessages.channelRequest());
            } else if (!authSent) {
                sendAuth(link, tokens.current());
            } else {
                status.degrade("auth", "quote token rejected, refreshing");
                tokens.refresh(token -> {
                    if (this.link == link) sendAuth(link, token);
                });
            }
        } else if (frame instanceof TastytradeWsFrame.ChannelOpened o && o.channel() == DxLinkMessages.FEED_CHANNEL) {
            send(link, DxLinkMessages.feedSetup());
            send(link, DxLinkMessages.resetSubscriptions());
            refusals.resubscribing(System.currentTimeMillis());
            ready = true;
            link.resubscribe();
        } else if (frame instanceof TastytradeWsFrame.ChannelClosed c && c.channel() == DxLinkMessages.FEED_CHANNEL) {
            ready = false;
            log.warn("tastytrade feed channel closed by the server, reopening");
            send(link, DxLinkMessages.channelRequest());
        } else if (frame instanceof TastytradeWsFrame.Error e) {
            if (e.channel() == DxLinkMessages.FEED_CHANNEL && SUBSCRIPTION_ERRORS.contains(e.error())) {
                refused(e);
            } else {
                log.warn(
                        "tastytrade dxlink error on channel {}: {}: {}",
                        e.channel(),
                        LogText.printable(e.error()),
                        LogText.printable(e.message()));
            }
        }
    }

    /** A refused subscription: the subscribed symbols the message names, or all when it names none. */
    private void refused(TastytradeWsFrame.Error e) {
        List<String> named = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (String token : e.message().split("[\\s,;'\"]+")) {
            Long at = subscribedAt.get(token);
            if (at != null && !named.contains(token)) {
                named.add(token);
                from = Math.min(from, at);
            }
        }
        if (named.isEmpty()) {
            from = subscribedAt.values().stream()
                    .mapToLong(Long::longValue)
                    .min()
                    .orElse(System.currentTimeMillis());
        }
        List<String> instruments = named.stream().map(book::instrument).toList();
        refusals.refused(String.join(",", named), from, instruments, e.error() + ": " + e.message());
    }

    /** Periodic: keepalive within the server's timeout; reconnect when the server has been silent past ours. */
    void tick() {
        WsLink l = link;
        if (l == null) return;
        long now = System.currentTimeMillis();
        if (now - lastReceivedMs > ownTimeoutS * 1000) {
            link = null;
            status.degrade("keepalive", "no message from dxlink for " + (now - lastReceivedMs) + " ms");
            l.reconnectStale("keepalive timeout");
            return;
        }
        status.recover("keepalive");
        long interval = Math.min(keepaliveIntervalMs, serverTimeoutMs / 2);
        if (now - lastSentMs >= interval) send(l, DxLinkMessages.keepalive());
    }

    boolean ready() {
        return ready;
    }

    private void sendAuth(WsLink link, String token) {
        authSent = true;
        send(link, DxLinkMessages.auth(token));
    }

    private void send(WsLink link, String message) {
        lastSentMs = System.currentTimeMillis();
        link.sendControl(message);
    }

    private void publish(Greeks g) {
        publisher.publish(g, failure -> {
            if (failure != null) log.warn("tastytrade publish failed: {}", failure.toString());
        });
    }

    private void deadLetter(WsLink link, String text, InvalidEventException e, long recvMs) {
        metrics.parseError();
        publisher.publishDeadLetter(
                new DeadLetter(
                        e.reason(),
                        e.detail(),
                        "ws:tastytrade/" + link.connectionId(),
                        recvMs,
                        text.getBytes(StandardCharsets.UTF_8),
                        false),
                failure -> {
                    if (failure != null) log.warn("tastytrade DLQ publish failed: {}", failure.toString());
                });
    }
}
