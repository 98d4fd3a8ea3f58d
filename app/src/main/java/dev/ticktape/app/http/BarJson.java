package dev.ticktape.app.http;

import dev.ticktape.model.Bar;
import dev.ticktape.model.Coverage;
import dev.ticktape.persistence.StoredBar;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a bar in API answers: the stored columns ({@code ingested_at} null if not stored yet) and its
 * {@code coverage} (docs/data-quality.md).
 */
final class BarJson {
    private BarJson() {}

    /** A stored bar, with the coverage the store judged from the gap ledger. */
    static Map<String, Object> of(StoredBar sb) {
        return of(sb.bar(), sb.ingestedAt(), sb.coverage());
    }

    /**
     * A bar from the topology's state: no gap ledger there, so its coverage says only whether late trades revised it
     * ({@code revised} or {@code complete}).
     */
    static Map<String, Object> of(Bar b, Instant ingestedAt) {
        return of(
                b,
                ingestedAt,
                Coverage.of(b.symbol(), b.tsMs(), b.tsMs() + b.interval().millis(), b.revision(), List.of()));
    }

    private static Map<String, Object> of(Bar b, Instant ingestedAt, Coverage coverage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("venue", b.venue());
        m.put("symbol", b.symbol());
        m.put("interval", b.interval().label());
        m.put("ts_ms", b.tsMs());
        m.put("time", Instant.ofEpochMilli(b.tsMs()).toString());
        m.put("open", b.open());
        m.put("high", b.high());
        m.put("low", b.low());
        m.put("close", b.close());
        m.put("volume", b.volume());
        m.put("vwap", b.vwap());
        m.put("trades", b.trades());
        m.put("revision", b.revision());
        m.put("coverage", coverage.json());
        m.put("source_file", b.source());
        m.put("ingested_at", ingestedAt == null ? null : ingestedAt.toString());
        return m;
    }
}
