package dev.ticktape.app.http;

import dev.ticktape.model.Bar;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of a bar in API answers (the stored columns; {@code ingested_at} null if not stored yet). */
final class BarJson {
    private BarJson() {}

    static Map<String, Object> of(Bar b, Instant ingestedAt) {
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
        m.put("source_file", b.source());
        m.put("ingested_at", ingestedAt == null ? null : ingestedAt.toString());
        return m;
    }
}
