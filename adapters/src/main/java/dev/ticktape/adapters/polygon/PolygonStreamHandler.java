package dev.ticktape.adapters.polygon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.WsHandler;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.LogText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Polygon protocol on one connection: authenticates first, subscribes on {@code auth_success}, routes the
 * elements of each array frame ({@code T}, {@code Q}, {@code A}, {@code AM}, status), publishes minute bars as
 * upserts (a re-sent bar only when it changed), sends undecodable elements to the DLQ, treats
 * {@code auth_failed} as fatal and asks for a minute-bar gap-fill after an unplanned reconnect.
 */
final class PolygonStreamHandler implements WsHandler {
    private static final Logger log = LoggerFactory.getLogger(PolygonStreamHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parameters per subscribe message: keeps control frames small; the venue sets no documented limit. */
    private static final int PARAMS_PER_MESSAGE = 200;

    private final PolygonParser parser;
    private final String apiKey;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final String source;
    private final PolygonMinuteBars minuteBars;
    private final LongConsumer gapFill;
    private final Consumer<String> fatal;
    private final SubscriptionRefusals refusals;
    private long lastVenueMs;
    private volatile long corrections;

    /**
     * @param gapFill called after an unplanned reconnect with the latest venue time seen before it (0 if none)
     * @param fatal   called once when the venue refuses the key; the session must not reconnect
     */
    PolygonStreamHandler(
            PolygonParser parser,
            String apiKey,
            EventPublisher publisher,
            AdapterMetrics metrics,
            String source,
            PolygonMinuteBars minuteBars,
            LongConsumer gapFill,
            Consumer<String> fatal,
            SubscriptionRefusals refusals) {
        this.parser = parser;
        this.apiKey = apiKey;
        this.publisher = publisher;
        this.metrics = metrics;
        this.source = source;
        this.minuteBars = minuteBars;
        this.gapFill = gapFill;
        this.fatal = fatal;
        this.refusals = refusals;
    }

    @Override
    public void onOpen(WsLink link) {
        // Subscriptions are sent on auth_success, never before.
        ObjectNode auth = MAPPER.createObjectNode().put("action", "auth").put("params", apiKey);
        link.sendControl(auth.toString());
    }

    @Override
    public List<String> subscribeMessages(List<String> params) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < params.size(); from += PARAMS_PER_MESSAGE) {
            String joined = String.join(",", params.subList(from, Math.min(params.size(), from + PARAMS_PER_MESSAGE)));
            out.add(MAPPER.createObjectNode()
                    .put("action", "subscribe")
                    .put("params", joined)
                    .toString());
        }
        return out;
    }

    @Override
    public boolean onText(WsLink link, String text, long recvMs) {
        List<PolygonWsFrame> elements;
        try {
            elements = parser.decode(text);
        } catch (InvalidEventException e) {
            deadLetter(e.reason(), e.detail(), text, recvMs);
            return false;
        }
        boolean data = false;
        for (PolygonWsFrame el : elements) {
            try {
                data |= route(link, el, recvMs);
            } catch (InvalidEventException e) { // a decodable element the model refuses (e.g. low > high)
                deadLetter(e.reason(), e.detail(), text, recvMs);
            }
        }
        return data;
    }

    private boolean route(WsLink link, PolygonWsFrame el, long recvMs) {
        if (el instanceof PolygonWsFrame.Trade t) {
            seen(t.timeMs());
            publish(parser.toTrade(t, recvMs, source));
            return true;
        }
        if (el instanceof PolygonWsFrame.Quote q) {
            seen(q.timeMs());
            publish(parser.toQuote(q, recvMs));
            return true;
        }
        if (el instanceof PolygonWsFrame.Aggregate a) {
            seen(a.start());
            Bar bar = parser.toBar(a, recvMs, source);
            if (a.interval() == BarInterval.S1) {
                publish(bar);
            } else {
                boolean known = minuteBars.latestStart(bar.symbol()) >= bar.tsMs();
                if (minuteBars.offerLive(bar)) {
                    if (known) corrections++;
                    publish(bar);
                }
            }
            return true;
        }
        if (el instanceof PolygonWsFrame.Status s) {
            onStatus(link, s);
        } else if (el instanceof PolygonWsFrame.Malformed m) {
            deadLetter(m.reason(), m.detail(), m.raw(), recvMs);
        }
        return false;
    }

    private void onStatus(WsLink link, PolygonWsFrame.Status s) {
        switch (s.status()) {
            case "connected", "success" ->
                log.debug(
                        "polygon {} {}: {}",
                        link.connectionId(),
                        LogText.printable(s.status()),
                        LogText.printable(s.message()));
            case "auth_success" -> {
                // A new session subscribes afresh: a refusal on the previous one ends here.
                refusals.resubscribing(System.currentTimeMillis());
                link.resubscribe();
            }
            case "auth_failed" ->
                fatal.accept("authentication failed: " + s.message() + " (check " + PolygonConfig.API_KEY_ENV
                        + " and the plan's cluster)");
            case "auth_timeout" -> link.reconnect("auth_timeout: " + s.message());
            case "error", "auth_required" ->
                // The venue names no topic reliably (match on status, never message): every instrument may lack data.
                refusals.refused(s.status(), System.currentTimeMillis(), List.of(), s.status() + ": " + s.message());
            // The server closes right after these; the session reconnects with backoff.
            case "max_connections", "force_disconnect", "slow_consumer" ->
                log.warn(
                        "polygon {} disconnect notice {}: {}",
                        link.connectionId(),
                        s.status(),
                        LogText.printable(s.message()));
            default ->
                log.debug(
                        "polygon {} unknown status {}: {}",
                        link.connectionId(),
                        LogText.printable(s.status()),
                        LogText.printable(s.message()));
        }
    }

    @Override
    public void onReconnected(WsLink link) {
        gapFill.accept(lastVenueMs);
    }

    /** Minute bars re-sent by the venue with changed values. */
    long corrections() {
        return corrections;
    }

    private void seen(long venueMs) {
        if (venueMs > lastVenueMs) lastVenueMs = venueMs;
    }

    private void publish(MarketEvent e) {
        publisher.publish(e, failure -> {
            if (failure != null) log.warn("polygon publish failed: {}", failure.toString());
        });
    }

    private void deadLetter(RejectReason reason, String detail, String raw, long recvMs) {
        metrics.parseError();
        publisher.publishDeadLetter(
                new DeadLetter(reason, detail, source, recvMs, raw.getBytes(StandardCharsets.UTF_8), false),
                failure -> {
                    if (failure != null) log.warn("polygon DLQ publish failed: {}", failure.toString());
                });
    }
}
