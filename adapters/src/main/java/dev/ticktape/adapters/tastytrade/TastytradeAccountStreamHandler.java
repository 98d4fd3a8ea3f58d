package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.WsHandler;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tastytrade account streamer: {@code connect} with the account numbers and the access token, a
 * {@code heartbeat} every {@code heartbeatMs} (each message carries {@code auth-token}), and {@code Order}
 * notifications handed to the adapter, which publishes their fills. A rejected token triggers a re-login and a
 * new {@code connect}. The stream can be quiet for hours, so liveness is judged by the heartbeat replies:
 * {@link #tick()} reconnects when nothing arrived for {@code silenceMs}. After a reconnect the adapter catches up
 * over REST (fills made while the socket was down are not replayed by the streamer).
 */
final class TastytradeAccountStreamHandler implements WsHandler {
    private static final Logger log = LoggerFactory.getLogger(TastytradeAccountStreamHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TastytradeAccountParser parser = new TastytradeAccountParser();
    private final TastytradeStreamHandler.TokenSource tokens;
    private final BiConsumer<TastytradeAccountFrame.Order, Long> orders;
    private final Runnable catchUp;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final long heartbeatMs;
    private final long silenceMs;
    private final AtomicLong requestId = new AtomicLong();

    private volatile WsLink link;
    private volatile long lastReceivedMs;
    private volatile long lastHeartbeatMs;

    TastytradeAccountStreamHandler(
            TastytradeStreamHandler.TokenSource tokens,
            BiConsumer<TastytradeAccountFrame.Order, Long> orders,
            Runnable catchUp,
            EventPublisher publisher,
            AdapterMetrics metrics,
            StatusReporter status,
            long heartbeatMs,
            long silenceMs) {
        this.tokens = tokens;
        this.orders = orders;
        this.catchUp = catchUp;
        this.publisher = publisher;
        this.metrics = metrics;
        this.status = status;
        this.heartbeatMs = heartbeatMs;
        this.silenceMs = silenceMs;
    }

    @Override
    public void onOpen(WsLink link) {
        lastReceivedMs = System.currentTimeMillis();
        this.link = link;
        link.resubscribe();
    }

    /** The streams are account numbers; one {@code connect} names them all. */
    @Override
    public List<String> subscribeMessages(List<String> accounts) {
        if (accounts.isEmpty()) return List.of();
        ObjectNode m = message("connect");
        accounts.forEach(m.putArray("value")::add);
        return List.of(m.toString());
    }

    /** Account events, not market data: missed fills are caught up over REST, so an outage is no feed gap. */
    @Override
    public boolean recordsOutages() {
        return false;
    }

    @Override
    public boolean onText(WsLink link, String text, long recvMs) {
        lastReceivedMs = recvMs;
        TastytradeAccountFrame frame;
        try {
            frame = parser.decode(text, recvMs);
        } catch (InvalidEventException e) {
            deadLetter(link, text, e, recvMs);
            return false;
        }
        if (frame instanceof TastytradeAccountFrame.Order order) {
            orders.accept(order, recvMs);
            return true;
        }
        if (frame instanceof TastytradeAccountFrame.Reply r) {
            if (r.ok() && r.action().equals("connect")) {
                status.recover("auth");
            } else if (r.error()) {
                // Token expired or revoked: log in again and re-send connect (the next heartbeat carries the new token
                // too).
                status.degrade("auth", "account streamer refused " + r.action() + ": " + r.message());
                tokens.refresh(t -> {
                    WsLink l = this.link;
                    if (l != null) l.resubscribe();
                });
            }
        }
        return false;
    }

    @Override
    public void onReconnected(WsLink link) {
        catchUp.run();
    }

    /** Periodic: heartbeat, and reconnect when even the heartbeat replies stopped. */
    void tick() {
        WsLink l = link;
        if (l == null) return;
        long now = System.currentTimeMillis();
        if (now - lastReceivedMs > silenceMs) {
            link = null;
            status.degrade("silent", "no message from the account streamer for " + (now - lastReceivedMs) + " ms");
            l.reconnect("account streamer silent");
            return;
        }
        status.recover("silent");
        if (now - lastHeartbeatMs >= heartbeatMs) {
            lastHeartbeatMs = now;
            l.sendControl(message("heartbeat").toString());
        }
    }

    private ObjectNode message(String action) {
        return MAPPER.createObjectNode()
                .put("action", action)
                .put("auth-token", tokens.current())
                .put("request-id", requestId.incrementAndGet());
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
