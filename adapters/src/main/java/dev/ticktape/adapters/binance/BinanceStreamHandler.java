package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.GapLedger;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.WsFramePosition;
import dev.ticktape.adapters.runtime.WsHandler;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.adapters.runtime.WsSession;
import dev.ticktape.model.Bar;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Gap;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.LogText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance protocol on one connection: routes decoded frames to the per-symbol trade sequencers, quote
 * de-duplication and book syncs; turns {@code serverShutdown} into an overlapped rollover; sends undecodable
 * frames to the DLQ and carries on. Its frames are sequenced, so a rollover hands over without loss or reordering.
 * An error reply to a SUBSCRIBE (matched by request id) degrades the connection with the venue's reason and opens a
 * {@code subscription_error} gap of the request's instruments, until the next connection subscribes again.
 */
final class BinanceStreamHandler implements WsHandler {
    private static final Logger log = LoggerFactory.getLogger(BinanceStreamHandler.class);

    private final BinanceParser parser;
    private final BinanceStreams streams;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final String source;
    private final Map<String, BinanceTradeSequencer> trades;
    private final Map<String, BinanceBookSync> books;
    private final Map<String, Long> lastQuoteId = new HashMap<>();
    private final SubscriptionRefusals refusals;
    /** SUBSCRIBE requests not yet answered, by id; bounded, as a dead connection never answers its own. */
    private final Map<String, Pending> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > 1024;
        }
    };

    /** A SUBSCRIBE request in flight: its streams and when it was made. */
    private record Pending(List<String> streams, long sentMs) {}

    BinanceStreamHandler(
            BinanceParser parser,
            BinanceStreams streams,
            EventPublisher publisher,
            AdapterMetrics metrics,
            String source,
            Map<String, BinanceTradeSequencer> trades,
            Map<String, BinanceBookSync> books,
            SubscriptionRefusals refusals) {
        this.parser = parser;
        this.streams = streams;
        this.publisher = publisher;
        this.metrics = metrics;
        this.source = source;
        this.trades = trades;
        this.books = books;
        this.refusals = refusals;
    }

    /** A new connection subscribes everything again: the refusals of the previous one end here. */
    @Override
    public void onOpen(WsLink link) {
        refusals.resubscribing(System.currentTimeMillis());
        link.resubscribe();
    }

    @Override
    public List<String> subscribeMessages(List<String> names) {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (BinanceStreams.Subscribe s : streams.subscribeRequests(names)) {
            synchronized (pending) {
                pending.put(s.id(), new Pending(s.streams(), now));
            }
            out.add(s.json());
        }
        return out;
    }

    /** Every market frame Binance sends carries an id that grows along its stream (see {@link #positionOf}). */
    @Override
    public boolean sequenced() {
        return true;
    }

    /**
     * Trades by trade id, aggregate trades by aggregate id, diff depth by its last update id {@code u}, book tickers
     * and partial depth by their update id, klines by event time; per symbol and stream type. Anything else
     * (responses, errors, notices, undecodable text) has no position and is handled at once.
     */
    @Override
    public WsFramePosition positionOf(String text) {
        BinanceWsFrame frame;
        try {
            frame = parser.decode(text);
        } catch (InvalidEventException e) {
            return null;
        }
        if (frame instanceof BinanceWsFrame.Trade t) return new WsFramePosition(t.symbol() + "@trade", t.tradeId());
        if (frame instanceof BinanceWsFrame.DepthUpdate d) {
            return new WsFramePosition(d.symbol() + "@depth", d.finalUpdateId());
        }
        if (frame instanceof BinanceWsFrame.BookTicker q) {
            return new WsFramePosition(q.symbol() + "@bookTicker", q.updateId());
        }
        if (frame instanceof BinanceWsFrame.AggTrade a) {
            return new WsFramePosition(a.symbol() + "@aggTrade", a.aggTradeId());
        }
        if (frame instanceof BinanceWsFrame.PartialDepth p) {
            return new WsFramePosition(p.symbol() + "@partialDepth", p.lastUpdateId());
        }
        if (frame instanceof BinanceWsFrame.Kline k) {
            return new WsFramePosition(k.symbol() + "@kline_" + k.interval(), k.eventTime());
        }
        return null;
    }

    @Override
    public boolean onText(WsLink link, String text, long recvMs) {
        try {
            BinanceWsFrame frame = parser.decode(text);
            return route(link, frame, recvMs);
        } catch (InvalidEventException e) {
            metrics.parseError();
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            publisher.publishDeadLetter(new DeadLetter(e.reason(), e.detail(), source, recvMs, raw, false), failure -> {
                if (failure != null) log.warn("binance DLQ publish failed: {}", failure.toString());
            });
            return false;
        }
    }

    private boolean route(WsLink link, BinanceWsFrame frame, long recvMs) {
        if (frame instanceof BinanceWsFrame.Trade t) {
            BinanceTradeSequencer seq = trades.get(t.symbol());
            if (seq != null) seq.onLive(t, recvMs, source);
            return true;
        }
        if (frame instanceof BinanceWsFrame.BookTicker q) {
            // Overlapping connections deliver the same quote twice; the update id orders them.
            Long last = lastQuoteId.get(q.symbol());
            if (last == null || q.updateId() > last) {
                lastQuoteId.put(q.symbol(), q.updateId());
                publish(parser.toQuote(q, recvMs));
            }
            return true;
        }
        if (frame instanceof BinanceWsFrame.DepthUpdate d) {
            BinanceBookSync sync = books.get(d.symbol());
            if (sync != null) sync.onUpdate(d, recvMs);
            return true;
        }
        if (frame instanceof BinanceWsFrame.Kline k) {
            Bar bar = parser.toBar(k, recvMs, source);
            if (bar != null) publish(bar);
            return true;
        }
        if (frame instanceof BinanceWsFrame.AggTrade || frame instanceof BinanceWsFrame.PartialDepth) return true;
        if (frame instanceof BinanceWsFrame.ServerShutdown) {
            link.rollover("serverShutdown");
        } else if (frame instanceof BinanceWsFrame.Response r) {
            answered(r.id());
        } else if (frame instanceof BinanceWsFrame.Error e) {
            Pending p = answered(e.id());
            if (p != null) {
                refusals.refused("id" + e.id(), p.sentMs(), instruments(p.streams()), e.code() + " " + e.msg());
            } else {
                log.warn(
                        "binance {} control error {}: {} (id {})",
                        link.connectionId(),
                        e.code(),
                        LogText.printable(e.msg()),
                        LogText.printable(e.id()));
            }
        }
        return false; // responses, unknown streams, shutdown notices: not market data
    }

    private Pending answered(String id) {
        if (id == null) return null;
        synchronized (pending) {
            return pending.remove(id);
        }
    }

    /** The instruments of a request's streams, in order, each once. */
    private static List<String> instruments(List<String> streams) {
        return streams.stream().map(BinanceSymbols::fromStream).distinct().toList();
    }

    /**
     * Gap-fills every symbol's trades and judges the connection's outage gap by the result over all symbols:
     * {@code backfilled} when every symbol's fill completed, {@code partial} when some trades came back. Books
     * resync on their own; their resync is part of the outage gap, not a gap of its own.
     */
    @Override
    public void onReconnected(WsLink link) {
        books.values().forEach(BinanceBookSync::onReconnected);
        GapLedger gaps = link.status().gaps();
        Gap outage = gaps.openGap(WsSession.OUTAGE);
        if (outage == null || trades.isEmpty()) {
            trades.values().forEach(t -> t.onReconnected(null));
            return;
        }
        OutageRecovery recovery = new OutageRecovery(gaps, outage, trades.size());
        trades.values().forEach(t -> t.onReconnected(recovery::done));
    }

    /** Collects the fill outcome of every symbol of a reconnect, then sets the outage gap's recovery once. */
    private static final class OutageRecovery {
        private final GapLedger gaps;
        private final Gap gap;
        private int pending;
        private boolean allComplete = true;
        private long filled;

        OutageRecovery(GapLedger gaps, Gap gap, int symbols) {
            this.gaps = gaps;
            this.gap = gap;
            this.pending = symbols;
        }

        synchronized void done(boolean complete, long count) {
            allComplete &= complete;
            filled += count;
            if (--pending > 0) return;
            Gap.Recovery how =
                    allComplete ? Gap.Recovery.BACKFILLED : filled > 0 ? Gap.Recovery.PARTIAL : Gap.Recovery.NONE;
            gaps.recovered(gap, how, filled);
        }
    }

    private void publish(MarketEvent e) {
        publisher.publish(e, failure -> {
            if (failure != null) log.warn("binance publish failed: {}", failure.toString());
        });
    }
}
