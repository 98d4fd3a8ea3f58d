package dev.ticktape.adapters.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-venue adapter meters. Messages/s is also a gauge over the last 5 whole seconds, so the control plane reads the
 * same number Prometheus would get from {@code rate(ticktape_adapter_messages_total[5s])}; the last-message age is a
 * gauge computed at scrape time, so it keeps growing while a feed is silent.
 */
public final class AdapterMetrics {
    private final Counter messages;
    private final Counter reconnects;
    private final Counter parseErrors;
    private final Counter bookGaps;
    private final Counter gapFillTrades;
    private final Counter gapFillBars;
    private final Counter handoverOverflows;
    private final AtomicLong lastMessageNanos = new AtomicLong(System.nanoTime());
    private final RecentRate rate = new RecentRate();

    private static Counter counter(MeterRegistry registry, String venue, String name, String description) {
        return Counter.builder(name)
                .tag("venue", venue)
                .description(description)
                .register(registry);
    }

    public AdapterMetrics(MeterRegistry registry, String venue) {
        messages = counter(registry, venue, "ticktape.adapter.messages", "market-data frames received");
        reconnects =
                counter(registry, venue, "ticktape.adapter.reconnects", "WebSocket reconnects, planned and unplanned");
        parseErrors = counter(
                registry, venue, "ticktape.adapter.parse.errors", "frames that could not be decoded (sent to the DLQ)");
        bookGaps =
                counter(registry, venue, "ticktape.adapter.book.gaps", "order-book sequence gaps that forced a resync");
        gapFillTrades = counter(
                registry, venue, "ticktape.adapter.gapfill.trades", "trades recovered over REST after a reconnect");
        gapFillBars = counter(
                registry,
                venue,
                "ticktape.adapter.gapfill.bars",
                "bars recovered or corrected over REST after a reconnect");
        handoverOverflows = counter(
                registry,
                venue,
                "ticktape.adapter.handover.overflows",
                "rollovers whose replacement frames overflowed the handover buffer (handed over early)");
        Gauge.builder(
                        "ticktape.adapter.last.message.age.seconds",
                        lastMessageNanos,
                        t -> (System.nanoTime() - t.get()) / 1e9)
                .tag("venue", venue)
                .description("seconds since the last market-data frame")
                .register(registry);
        Gauge.builder("ticktape.adapter.messages.per.second", rate, RecentRate::perSecond)
                .tag("venue", venue)
                .description("market-data frames per second over the last 5 whole seconds")
                .register(registry);
    }

    public void messageReceived() {
        messages.increment();
        lastMessageNanos.set(System.nanoTime());
        rate.record();
    }

    /** Frames per second over the last few seconds (0 soon after the feed stops). */
    public double messagesPerSecond() {
        return rate.perSecond();
    }

    public void reconnected() {
        reconnects.increment();
    }

    public void parseError() {
        parseErrors.increment();
    }

    public void bookGap() {
        bookGaps.increment();
    }

    public void gapFilled(long trades) {
        gapFillTrades.increment(trades);
    }

    /** Milliseconds since the last data message (heartbeats do not count). */
    public long lastMessageAgeMillis() {
        return (System.nanoTime() - lastMessageNanos.get()) / 1_000_000;
    }

    public void gapFilledBars(long bars) {
        gapFillBars.increment(bars);
    }

    public void handoverOverflow() {
        handoverOverflows.increment();
    }

    public long handoverOverflows() {
        return (long) handoverOverflows.count();
    }

    public long messages() {
        return (long) messages.count();
    }

    public long reconnects() {
        return (long) reconnects.count();
    }

    public long parseErrors() {
        return (long) parseErrors.count();
    }

    public long bookGaps() {
        return (long) bookGaps.count();
    }

    public long gapFillTrades() {
        return (long) gapFillTrades.count();
    }

    public long gapFillBars() {
        return (long) gapFillBars.count();
    }
}
