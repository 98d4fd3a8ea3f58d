package dev.ticktape.persistence.retention;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BarSink} in front of the real one that tells the operator when a replay stores bars already past a
 * retention tier: one WARN line per replayed source (the {@code source_file}, e.g. {@code file:trades.ndjson}) and
 * tier, and a count per bar in {@code ticktape_retention_replayed_past_tier_total{tier}}. The line says what
 * retention will do with them, so loading old history never ends in a silent deletion.
 */
public final class ReplayAgeWarnings implements BarSink {
    private static final Logger log = LoggerFactory.getLogger(ReplayAgeWarnings.class);

    private final BarSink delegate;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final Counter past1s;
    private final Counter past1m;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public ReplayAgeWarnings(BarSink delegate, RetentionPolicy policy, MeterRegistry registry, Clock clock) {
        this.delegate = delegate;
        this.policy = policy;
        this.clock = clock;
        this.past1s = counter(registry, "1s");
        this.past1m = counter(registry, "1m");
    }

    private static Counter counter(MeterRegistry registry, String tier) {
        return Counter.builder("ticktape.retention.replayed.past.tier")
                .description("Replayed bars stored although already older than their retention tier")
                .tag("tier", tier)
                .register(registry);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void write(List<Bar> batch) {
        delegate.write(batch);
        // After the write: a failed batch is retried and would count twice.
        for (Bar b : batch) {
            if (RetentionPolicy.isLive(b.source())) continue;
            boolean second = b.interval() == BarInterval.S1;
            if (!second && b.interval() != BarInterval.M1) continue;
            Duration keep = second ? policy.bars1s() : policy.bars1m();
            LocalDate firstKept = RetentionPolicy.firstKeptDay(clock.instant(), keep);
            if (b.tsMs() >= firstKept.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L) continue;
            (second ? past1s : past1m).increment();
            String tier = second ? "1s" : "1m";
            if (warned.add(b.source() + " " + tier)) {
                log.warn(
                        "replay {}: {} bars from {} are older than the {} retention tier ({}); {}",
                        b.source(),
                        tier,
                        LocalDate.ofEpochDay(Math.floorDiv(b.tsMs(), 86_400_000L)),
                        tier,
                        RetentionPolicy.human(keep),
                        policy.includeReplays()
                                ? "--retention-include-replays is set: the next retention run deletes them"
                                        + (second ? "" : " (after rolling them up into ohlc_5m)")
                                : "kept: retention applies to live bars only");
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
