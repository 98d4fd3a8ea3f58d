package dev.ticktape.persistence.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replayed bars past a tier are counted per bar (live ones never), and still stored. */
class ReplayAgeWarningsTest {
    private static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsReplayedBarsPastTheirTier() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("w.duckdb"))) {
            ReplayAgeWarnings sink = new ReplayAgeWarnings(
                    new DuckDbBarSink(db), RetentionPolicy.defaults(), registry, Clock.fixed(NOW, ZoneOffset.UTC));
            long tenDaysAgo = NOW.minusSeconds(10 * 86_400L).toEpochMilli() / 1000 * 1000;
            long fortyDaysAgo = NOW.minusSeconds(40 * 86_400L).toEpochMilli() / 60_000 * 60_000;
            sink.write(List.of(
                    bar(BarInterval.S1, tenDaysAgo, "file:old.ndjson"),
                    bar(BarInterval.S1, tenDaysAgo + 1000, "file:old.ndjson"),
                    bar(BarInterval.M1, tenDaysAgo / 60_000 * 60_000, "file:old.ndjson"), // within 30 days
                    bar(BarInterval.M1, fortyDaysAgo, "stdin"),
                    bar(BarInterval.S1, tenDaysAgo + 2000, null))); // live
            sink.write(List.of(bar(BarInterval.S1, tenDaysAgo + 3000, "file:old.ndjson")));

            assertThat(registry.get("ticktape.retention.replayed.past.tier")
                            .tag("tier", "1s")
                            .counter()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("ticktape.retention.replayed.past.tier")
                            .tag("tier", "1m")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    private static Bar bar(BarInterval iv, long ts, String source) {
        return new Bar(iv, "ndjson", "BTCUSDT", ts, ts, 10, 11, 9, 10.5, 1, 1, 10.2, source);
    }
}
