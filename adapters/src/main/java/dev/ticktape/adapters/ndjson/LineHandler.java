package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.GapLedger;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.PublishCallback;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Gap;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.model.codec.LogText;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one NDJSON line into a published event or one dead letter; shared by every input (TCP, file, stdin).
 *
 * <p>Accepts exactly the stream-contract messages {@code trade} (to {@code md.trades}) and {@code ohlc1s} (to
 * {@code md.bars.1s}, stored as given). Accepted events are stamped with the receive time, the line's venue (or
 * the configured default) and the input's provenance ({@link LineSource#stamp}). Every other line is refused
 * with a {@link RejectReason}: published as a {@link DeadLetter} with the raw bytes and counted. Blank lines are
 * ignored. Each publish is counted against the {@link InflightBudget} until the publisher acknowledges it. Each
 * input publishes through its own channel of the publisher ({@link LineSession}).
 *
 * <p>Thread-safe: one instance serves every connection; per-input state lives in {@link LineSession}.
 */
public final class LineHandler {
    private static final Logger log = LoggerFactory.getLogger(LineHandler.class);
    /** The stream-contract messages; any other type is refused before its fields are looked at. */
    private static final List<String> ACCEPTED_TYPES = List.of(Trade.TYPE, BarInterval.S1.type());

    private final GatewayConfig config;
    private final EventCodec codec;
    private final EventPublisher publisher;
    private final InflightBudget budget;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final long maxFutureSkewMs;
    private final AtomicBoolean unexpectedLogged = new AtomicBoolean();

    public LineHandler(
            GatewayConfig config,
            EventCodec codec,
            EventPublisher publisher,
            InflightBudget budget,
            GatewayMetrics metrics,
            Clock clock) {
        this.config = config;
        this.codec = codec;
        this.publisher = publisher;
        this.budget = budget;
        this.metrics = metrics;
        this.clock = clock;
        this.maxFutureSkewMs = config.maxFutureSkew().toMillis();
    }

    /**
     * Opens a session for one input, with its own publisher channel named by the input's label; the input
     * {@linkplain LineSession#close() closes} it when it ends. {@code onPublishFailure} runs (on the publisher's
     * thread) for every failed publish of this input's lines.
     */
    public LineSession open(LineSource source, Consumer<Throwable> onPublishFailure) {
        return new LineSession(
                this,
                source,
                metrics.forInput(source.label()),
                onPublishFailure,
                publisher.openChannel(source.label()));
    }

    /**
     * The producer of {@code session} dropped in the middle of a line: whatever it was sending from its last complete
     * line on is lost. Recorded on {@code md.gaps} as a {@code PRODUCER_DROP} gap of the gateway's default venue,
     * connection = the input's label (upper-cased, as symbols are), every instrument (the gateway cannot know which).
     */
    public void producerDropped(LineSession session, long dropMs, String detail) {
        String connection = session.source().label().toUpperCase(java.util.Locale.ROOT);
        try {
            new GapLedger(config.defaultVenue(), connection, publisher)
                    .record(
                            session.lastLineMs(),
                            dropMs,
                            List.of(),
                            Gap.Cause.PRODUCER_DROP,
                            Gap.Recovery.NONE,
                            0,
                            detail);
        } catch (RuntimeException e) { // a label the model cannot carry as a symbol: the log line must do
            log.warn(
                    "ndjson {} dropped mid-line; gap not recorded: {}",
                    LogText.printable(session.source().label()),
                    LogText.printable(e.toString()));
        }
    }

    /** A splitter for {@code session} with this gateway's line limit. */
    public LineSplitter splitter(LineSession session) {
        return new LineSplitter(config.maxLineBytes(), GatewayConfig.DEAD_LETTER_HEAD_BYTES, session);
    }

    void handleLine(LineSession session, byte[] buf, int off, int len) {
        if (isBlank(buf, off, len)) {
            session.countBlank();
            session.meters().blank();
            return;
        }
        long now = clock.millis();
        if (!Utf8.isValid(buf, off, len)) {
            reject(session, RejectReason.INVALID_UTF8, "line is not valid UTF-8", now, buf, off, len, false);
            return;
        }
        MarketEvent event;
        try {
            event = restamp(codec.decode(buf, off, len, config.defaultVenue(), ACCEPTED_TYPES), session.source(), now);
        } catch (InvalidEventException e) {
            reject(session, e.reason(), e.detail(), now, buf, off, len, false);
            return;
        } catch (RuntimeException e) {
            // A decoder bug must not stop the input; the line still lands in the DLQ with a counter.
            if (unexpectedLogged.compareAndSet(false, true)) {
                // The message may quote the line: escaped, and the stack trace (which repeats it) only at DEBUG.
                log.warn(
                        "unexpected decode failure on {} (logged once): {}",
                        LogText.printable(session.source().label()),
                        LogText.printable(e.toString()));
                log.debug("unexpected decode failure", e);
            }
            reject(session, RejectReason.INVALID_VALUE, "undecodable: " + e, now, buf, off, len, false);
            return;
        }
        session.countAccepted(event instanceof Trade, event.tsMs());
        if (event instanceof Trade) {
            session.meters().acceptedTrade();
        } else {
            session.meters().acceptedBar();
        }
        track(session, len, done -> session.channel().publish(event, done));
    }

    void handleTooLong(LineSession session, byte[] buf, int off, int headLen, long lineBytes) {
        reject(
                session,
                RejectReason.LINE_TOO_LONG,
                "line of " + lineBytes + " bytes exceeds the limit of " + config.maxLineBytes(),
                clock.millis(),
                buf,
                off,
                headLen,
                true);
    }

    private MarketEvent restamp(MarketEvent decoded, LineSource source, long now) {
        MarketEvent stamped;
        if (decoded instanceof Trade t) {
            stamped = t.withVenueAndReceipt(t.venue(), now, source.stamp(t.symbol()));
        } else if (decoded instanceof Bar b && b.interval() == BarInterval.S1) {
            stamped = new Bar(
                    b.interval(),
                    b.venue(),
                    b.symbol(),
                    b.tsMs(),
                    now,
                    b.open(),
                    b.high(),
                    b.low(),
                    b.close(),
                    b.volume(),
                    b.trades(),
                    b.vwap(),
                    source.stamp(b.symbol()));
        } else {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE,
                    "type '" + decoded.type() + "' is not accepted here; send trade or ohlc1s");
        }
        if (stamped.tsMs() > now + maxFutureSkewMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts_ms " + stamped.tsMs() + " is more than " + maxFutureSkewMs + " ms ahead of the gateway clock");
        }
        return stamped;
    }

    private void reject(
            LineSession session,
            RejectReason reason,
            String detail,
            long now,
            byte[] buf,
            int off,
            int len,
            boolean truncated) {
        session.countRejected();
        session.meters().rejected(reason);
        DeadLetter letter = new DeadLetter(
                reason, detail, session.source().label(), now, Arrays.copyOfRange(buf, off, off + len), truncated);
        track(session, len, done -> session.channel().publishDeadLetter(letter, done));
    }

    /** Publishes through {@code send}, holding {@code size} bytes of budget until the callback runs. */
    private void track(LineSession session, int size, Consumer<PublishCallback> send) {
        budget.acquire(size);
        PublishCallback done = failure -> {
            budget.release(size);
            if (failure != null) {
                metrics.publishFailed();
                session.publishFailed(failure);
            }
        };
        try {
            send.accept(done);
        } catch (RuntimeException e) { // not taken (e.g. publisher closed): the callback will not run by contract
            done.onComplete(e);
        }
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }
}
