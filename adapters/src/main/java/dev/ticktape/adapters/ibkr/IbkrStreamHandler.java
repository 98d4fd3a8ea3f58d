package dev.ticktape.adapters.ibkr;

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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway WebSocket protocol: answers {@code waiting for session} with the tickle session id, subscribes
 * ({@code smd+conid+{"fields":[...]}}) once {@code sts} reports an authenticated brokerage session, merges the
 * partial updates into Greeks, and reports {@code sts authenticated:false} to the adapter for re-authentication.
 * {@link #tick()} sends {@code tic} and drops a connection that has gone silent (the server heartbeats every 10 s).
 * Streams are named {@code O:<conid>} (option fields) and {@code U:<conid>} (underlying price fields).
 */
final class IbkrStreamHandler implements WsHandler {
    private static final Logger log = LoggerFactory.getLogger(IbkrStreamHandler.class);

    private final IbkrParser parser = new IbkrParser();
    private final IbkrGreeksBook book;
    private final Supplier<String> sessionId;
    private final Consumer<WsLink> reauthenticate;
    private final BiConsumer<List<IbkrFill>, Long> fills;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final SubscriptionRefusals refusals;
    private final long ticIntervalMs;
    private final long silenceTimeoutMs;

    private volatile WsLink link;
    private volatile boolean ready;
    private volatile long lastReceivedMs;
    private volatile long lastTicMs;

    IbkrStreamHandler(
            IbkrGreeksBook book,
            Supplier<String> sessionId,
            Consumer<WsLink> reauthenticate,
            BiConsumer<List<IbkrFill>, Long> fills,
            EventPublisher publisher,
            AdapterMetrics metrics,
            StatusReporter status,
            long ticIntervalMs,
            long silenceTimeoutMs) {
        this.book = book;
        this.sessionId = sessionId;
        this.reauthenticate = reauthenticate;
        this.fills = fills;
        this.publisher = publisher;
        this.metrics = metrics;
        this.status = status;
        this.refusals = new SubscriptionRefusals(status);
        this.ticIntervalMs = ticIntervalMs;
        this.silenceTimeoutMs = silenceTimeoutMs;
    }

    @Override
    public void onOpen(WsLink link) {
        ready = false;
        lastReceivedMs = System.currentTimeMillis();
        this.link = link;
    }

    @Override
    public List<String> subscribeMessages(List<String> streams) {
        if (!ready) return List.of();
        List<String> out = new ArrayList<>(streams.size());
        for (String s : streams) {
            if (s.equals(IbkrSymbols.TRADES_STREAM)) {
                out.add("str+{}");
                continue;
            }
            List<String> fields = IbkrSymbols.isOptionStream(s) ? IbkrField.OPTION : IbkrField.UNDERLYING;
            out.add("smd+" + IbkrSymbols.conidOf(s) + "+{\"fields\":[\"" + String.join("\",\"", fields) + "\"]}");
        }
        return out;
    }

    @Override
    public List<String> unsubscribeMessages(List<String> streams) {
        if (!ready) return List.of();
        return streams.stream()
                .map(s -> s.equals(IbkrSymbols.TRADES_STREAM) ? "utr+{}" : "umd+" + IbkrSymbols.conidOf(s) + "+{}")
                .toList();
    }

    @Override
    public boolean onText(WsLink link, String text, long recvMs) {
        lastReceivedMs = recvMs;
        IbkrWsFrame frame;
        try {
            frame = parser.decode(text);
            if (frame instanceof IbkrWsFrame.MarketData md) {
                Greeks g = book.apply(md, recvMs);
                if (g != null) publish(g);
                trackAvailability(md.conid(), recvMs);
                return true;
            }
            if (frame instanceof IbkrWsFrame.Trades t) {
                onTrades(link, t, recvMs);
                return false;
            }
        } catch (InvalidEventException e) {
            deadLetter(link, text, e, recvMs);
            return false;
        }
        if (frame instanceof IbkrWsFrame.WaitingForSession) {
            link.sendControl("{\"session\":\"" + sessionId.get() + "\"}");
        } else if (frame instanceof IbkrWsFrame.SessionStatus s && s.authenticated() != null) {
            if (s.authenticated()) {
                status.recover("auth");
                if (!ready) {
                    ready = true;
                    link.resubscribe();
                }
            } else {
                ready = false;
                status.degrade("auth", "brokerage session not authenticated, re-authenticating");
                reauthenticate.accept(link);
            }
        } else if (frame instanceof IbkrWsFrame.ErrorMsg e) {
            log.warn("ibkr gateway error: {}", LogText.printable(e.error()));
        }
        return false;
    }

    /**
     * An option whose availability code says "not subscribed" or "incomplete acknowledgement" gets nothing: a refused
     * subscription (degraded with the code, a {@code SUBSCRIPTION_ERROR} gap of that option) until a usable code
     * arrives.
     */
    private void trackAvailability(long conid, long recvMs) {
        String instrument = book.instrument(conid);
        String code = book.availabilityCode(conid);
        if (instrument == null || code == null) return;
        if (IbkrGreeksBook.unusable(code)) {
            refusals.refused(
                    Long.toString(conid),
                    recvMs,
                    List.of(instrument),
                    "market data availability " + code + " (not subscribed or incomplete acknowledgement)");
        } else {
            refusals.accepted(Long.toString(conid), recvMs);
        }
    }

    /** Periodic: {@code tic} keepalive; reconnect when the gateway has been silent too long. */
    void tick() {
        WsLink l = link;
        if (l == null) return;
        long now = System.currentTimeMillis();
        if (now - lastReceivedMs > silenceTimeoutMs) {
            link = null;
            status.degrade("silent", "no message from the gateway for " + (now - lastReceivedMs) + " ms");
            l.reconnectStale("gateway silent");
            return;
        }
        status.recover("silent");
        if (now - lastTicMs >= ticIntervalMs) {
            lastTicMs = now;
            l.sendControl("tic");
        }
    }

    /** Each trade object on its own: a bad one is dead-lettered, the others still go through. */
    private void onTrades(WsLink link, IbkrWsFrame.Trades t, long recvMs) {
        for (IbkrWsFrame.Rejected r : t.rejected()) deadLetter(link, r.raw(), r.error(), recvMs);
        if (!t.fills().isEmpty()) fills.accept(t.fills(), recvMs);
    }

    private void publish(Greeks g) {
        publisher.publish(g, failure -> {
            if (failure != null) log.warn("ibkr publish failed: {}", failure.toString());
        });
    }

    private void deadLetter(WsLink link, String text, InvalidEventException e, long recvMs) {
        metrics.parseError();
        publisher.publishDeadLetter(
                new DeadLetter(
                        e.reason(),
                        e.detail(),
                        "ws:ibkr/" + link.connectionId(),
                        recvMs,
                        text.getBytes(StandardCharsets.UTF_8),
                        false),
                failure -> {
                    if (failure != null) log.warn("ibkr DLQ publish failed: {}", failure.toString());
                });
    }
}
