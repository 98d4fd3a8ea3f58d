package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bar sink's write path (binary COPY of first emissions, upsert of revisions, whole-batch upsert when a COPY
 * meets a stored key) against SQL: the stored rows are read back with plain queries and compared with values
 * computed by hand.
 */
class PostgresBarCopyWriteIT {
    private static final String VENUE = "copyit";
    /** 2026-03-02T10:00:00Z. */
    private static final long T0 = 1_772_445_600_000L;

    private final PostgresFixture pg = PostgresFixture.get();
    private final SteppingClock clock = new SteppingClock();
    private String url;
    private PostgresDatabase db;
    private PostgresBarSink sink;

    @BeforeEach
    void open() {
        url = pg.createDatabase();
        db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        sink = new PostgresBarSink(db, clock);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (url != null) pg.dropDatabase(url);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void revisedBarsAndInBatchDuplicatesReplayedTwiceLeaveExactlyTheExpectedRows() throws Exception {
        // Batch A (write 1, ingested at second 1): K1 at revision 1 (upserted), K2 new (COPYed), one transaction.
        sink.write(List.of(bar("K1", 0, 1.0, 1), bar("K2", 0, 2.0, 0)));
        // Batch B (writes 2, 3 and 4: the batch, then two replays of it). K1 revision 0 is older than the stored
        // revision 1, so the COPY meets a stored key and the whole batch is upserted; K1 must stay as it was.
        List<Bar> b = List.of(
                bar("K1", 0, 10.0, 0), // older than stored: ignored
                bar("K2", 0, 20.0, 1), // revision of a stored bar: replaces it
                bar("K3", 0, 30.0, 0),
                bar("K3", 0, 31.0, 0), // same key and revision in the batch: the later one is kept
                bar("K4", 0, 40.0, 2),
                bar("K4", 0, 41.0, 1), // lower revision later in the batch: revision 2 is kept
                bar("K5", 0, 50.0, 0),
                minute("K6", 60.0, 0));
        sink.write(b);
        sink.write(b);
        sink.write(b);
        // Batch C (write 5): new keys only, one COPY in auto-commit. Write 6 replays it: that COPY is refused on its
        // own (no transaction around it) and the batch is upserted, rewriting the same revision.
        List<Bar> c = List.of(bar("K7", 0, 70.0, 0), bar("K7", 1_000, 71.0, 0));
        sink.write(c);
        sink.write(c);
        // Write 7: a new key while COPY is skipped after the refusal; the upsert inserts it.
        sink.write(List.of(bar("K8", 0, 80.0, 0)));

        // key, second offset, close, revision, ingested_at second (the write that last changed the row).
        assertThat(rows("ohlc_1s"))
                .containsExactly(
                        "K1 +0s close=1.0 rev=1 at=1",
                        "K2 +0s close=20.0 rev=1 at=4",
                        "K3 +0s close=31.0 rev=0 at=4",
                        "K4 +0s close=40.0 rev=2 at=4",
                        "K5 +0s close=50.0 rev=0 at=4",
                        "K7 +0s close=70.0 rev=0 at=6",
                        "K7 +1s close=71.0 rev=0 at=6",
                        "K8 +0s close=80.0 rev=0 at=7");
        assertThat(rows("ohlc_1m")).containsExactly("K6 +0s close=60.0 rev=0 at=4");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void copiedRowsReadBackWithEveryFieldAsSent() throws Exception {
        Bar full = new Bar(
                BarInterval.S1,
                VENUE,
                "ABC",
                T0,
                T0,
                1.25,
                2.5,
                0.1,
                0.3,
                12345.678,
                9_000_000_000L,
                1.0 / 3,
                "file:Zürich-€.csv",
                0);
        Bar noVwap = new Bar(BarInterval.S1, VENUE, "NOVWAP", T0, T0, 1, 1, 1, 1, 0, 0, null, null, 0);
        sink.write(List.of(full, noVwap));

        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT symbol, (extract(epoch FROM \"timestamp\") * 1000)::bigint, "
                        + "open, high, low, close, volume, vwap, trades, source_file, revision, "
                        + "(extract(epoch FROM ingested_at) * 1000000)::bigint, tableoid::regclass::text "
                        + "FROM ohlc_1s ORDER BY symbol COLLATE \"C\"")) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                Object vwap = r.getObject(8);
                out.add(r.getString(1) + "|" + r.getLong(2) + "|" + r.getDouble(3) + "|" + r.getDouble(4) + "|"
                        + r.getDouble(5) + "|" + r.getDouble(6) + "|" + r.getDouble(7) + "|" + vwap + "|"
                        + r.getLong(9) + "|" + r.getString(10) + "|" + r.getInt(11) + "|" + r.getLong(12) + "|"
                        + r.getString(13));
            }
            assertThat(out)
                    .containsExactly(
                            "ABC|1772445600000|1.25|2.5|0.1|0.3|12345.678|0.3333333333333333|9000000000|"
                                    + "file:Zürich-€.csv|0|1123456|ohlc_1s_p20260302",
                            "NOVWAP|1772445600000|1.0|1.0|1.0|1.0|0.0|null|0|live:NOVWAP|0|1123456|ohlc_1s_p20260302");
        }
    }

    private static Bar bar(String symbol, long offsetMs, double close, int revision) {
        return new Bar(BarInterval.S1, VENUE, symbol, T0 + offsetMs, T0, 1, 100, 0.5, close, 10, 3, null, null)
                .withRevision(revision);
    }

    private static Bar minute(String symbol, double close, int revision) {
        return new Bar(BarInterval.M1, VENUE, symbol, T0, T0, 1, 100, 0.5, close, 10, 3, null, null)
                .withRevision(revision);
    }

    private List<String> rows(String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT symbol, (extract(epoch FROM \"timestamp\") * 1000)::bigint, "
                        + "close, revision, floor(extract(epoch FROM ingested_at))::bigint FROM " + table
                        + " WHERE venue = '" + VENUE + "' ORDER BY symbol, \"timestamp\"")) {
            while (r.next()) {
                out.add(r.getString(1) + " +" + (r.getLong(2) - T0) / 1000 + "s close=" + r.getDouble(3) + " rev="
                        + r.getInt(4) + " at=" + r.getLong(5));
            }
        }
        return out;
    }

    /**
     * A clock at second 1.123456789 for the first write, 2.123456789 for the next, and so on (one {@code instant()}
     * per write).
     */
    private static final class SteppingClock extends Clock {
        private long calls;

        @Override
        public synchronized Instant instant() {
            return Instant.ofEpochSecond(++calls, 123_456_789); // sub-microsecond part: truncated on write
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
