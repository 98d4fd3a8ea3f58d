package dev.ticktape.persistence.postgres;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.FeatureRow;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Upserts feature sets into {@code intraday_features} of PostgreSQL, one row per entry of a set's values, one
 * UNNEST statement per batch (see {@link PostgresBarSink}). The table is LIST-partitioned by interval, each
 * interval day-partitioned on {@code "timestamp"} ({@link PartitionManager#featureTable}), so the batch's day
 * partitions are made per interval first. A stored row is replaced only by a {@code bar_revision} at least as high;
 * a key repeated within the batch keeps its highest, the last one on a tie. Column mapping as in the DuckDB sink.
 */
public final class PostgresFeatureSink implements EventSink<FeatureSet> {
    private static final String UPSERT = "INSERT INTO intraday_features (venue, symbol, bar_interval, \"timestamp\", "
            + "feature_name, value, version, session_date, bar_revision, computed_at, ingested_at) "
            + "SELECT u.venue, u.symbol, u.bar_interval, u.ts, u.feature_name, u.value, u.version, "
            + "u.session_date::date, u.bar_revision, u.computed_at, $11 "
            + "FROM UNNEST($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::float8[], "
            + "$7::text[], $8::text[], $9::int4[], $10::timestamptz[]) AS u(venue, symbol, bar_interval, ts, "
            + "feature_name, value, version, session_date, bar_revision, computed_at) "
            + "ON CONFLICT (venue, symbol, bar_interval, \"timestamp\", feature_name, version) DO UPDATE SET "
            + "value = EXCLUDED.value, session_date = EXCLUDED.session_date, bar_revision = EXCLUDED.bar_revision, "
            + "computed_at = EXCLUDED.computed_at, ingested_at = EXCLUDED.ingested_at "
            + "WHERE EXCLUDED.bar_revision >= intraday_features.bar_revision";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresFeatureSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresFeatureSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-features";
    }

    @Override
    public void write(List<FeatureSet> batch) {
        Collection<FeatureRow> rows = UpsertBatch.highestPerKey(
                FeatureRow.of(batch), FeatureRow::key, r -> r.set().barRevision());
        if (rows.isEmpty()) return;
        UpsertBatch.write(
                db,
                clock,
                batch.size() + " feature sets",
                () -> ensurePartitions(rows),
                (c, at) -> upsert(c, rows, at));
    }

    private void ensurePartitions(Collection<FeatureRow> rows) throws SQLException {
        for (BarInterval interval : BarInterval.values()) {
            List<FeatureRow> of =
                    rows.stream().filter(r -> r.set().interval() == interval).toList();
            if (!of.isEmpty()) {
                db.partitions()
                        .ensure(
                                PartitionManager.featureTable(interval),
                                UpsertBatch.days(of, r -> r.set().tsMs()));
            }
        }
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<FeatureRow> rows, OffsetDateTime ingestedAt) {
        int n = rows.size();
        String[] venue = new String[n];
        String[] symbol = new String[n];
        String[] interval = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] name = new String[n];
        Double[] value = new Double[n];
        String[] version = new String[n];
        String[] session = new String[n];
        Integer[] barRevision = new Integer[n];
        OffsetDateTime[] computedAt = new OffsetDateTime[n];
        int i = 0;
        for (FeatureRow r : rows) {
            FeatureSet f = r.set();
            venue[i] = f.venue();
            symbol[i] = f.symbol();
            interval[i] = f.interval().label();
            ts[i] = PgTime.utcMillis(f.tsMs());
            name[i] = r.name();
            value[i] = r.value();
            version[i] = f.version();
            session[i] = f.session();
            barRevision[i] = f.barRevision();
            computedAt[i] = PgTime.utcMillis(f.recvMs());
            i++;
        }
        return Flux.from(c.createStatement(UPSERT)
                        .bind("$1", venue)
                        .bind("$2", symbol)
                        .bind("$3", interval)
                        .bind("$4", ts)
                        .bind("$5", name)
                        .bind("$6", value)
                        .bind("$7", version)
                        .bind("$8", session)
                        .bind("$9", barRevision)
                        .bind("$10", computedAt)
                        .bind("$11", ingestedAt)
                        .execute())
                .concatMap(Result::getRowsUpdated);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}
}
