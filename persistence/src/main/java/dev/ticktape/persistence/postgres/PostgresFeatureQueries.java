package dev.ticktape.persistence.postgres;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredFeature;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads {@code intraday_features} from PostgreSQL through the pool; blocks for at most
 * {@link PostgresDatabase#blockTimeout()}. Thread-safe.
 */
public final class PostgresFeatureQueries implements FeatureQueries {
    /** Everything a {@link StoredFeature} needs, in {@link #feature} order; {@code %1$s} qualifies the columns. */
    private static final String COLUMNS = "%1$svenue, %1$ssymbol, %1$sbar_interval, %1$s\"timestamp\", "
            + "%1$sfeature_name, %1$svalue, %1$sversion, %1$ssession_date, %1$sbar_revision, %1$scomputed_at, "
            + "%1$singested_at";

    private final PostgresDatabase db;

    public PostgresFeatureQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredFeature> features(
            String venue,
            String symbol,
            String name,
            BarInterval interval,
            Instant from,
            Instant to,
            PageKey after,
            int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        PostgresRead read = new PostgresRead();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.format(COLUMNS, ""))
                .append(" FROM intraday_features WHERE symbol = ")
                .append(read.param(symbol))
                .append(" AND bar_interval = ")
                .append(read.param(interval.label()))
                .append(" AND \"timestamp\" >= ")
                .append(read.param(PgTime.utc(from)))
                .append(" AND \"timestamp\" < ")
                .append(read.param(PgTime.utc(to)));
        if (venue != null) sql.append(" AND venue = ").append(read.param(venue));
        if (name != null) sql.append(" AND feature_name = ").append(read.param(name));
        if (after != null) {
            String ts = read.param(PgTime.utc(after.ts()));
            String v = read.param(after.tie(0));
            String n = read.param(after.tie(1));
            String version = read.param(after.tie(2));
            sql.append(" AND (\"timestamp\" > " + ts + " OR (\"timestamp\" = " + ts + " AND (venue > " + v
                    + " OR (venue = " + v + " AND (feature_name > " + n + " OR (feature_name = " + n
                    + " AND version > " + version + "))))))");
        }
        sql.append(" ORDER BY \"timestamp\", venue, feature_name, version LIMIT ")
                .append(read.param((long) limit));
        return read.list(db, "feature query", sql.toString(), PostgresFeatureQueries::feature);
    }

    @Override
    public List<StoredFeature> latest(String venue, String symbol, BarInterval interval) {
        PostgresRead read = new PostgresRead();
        String s = read.param(symbol);
        String i = read.param(interval.label());
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.format(COLUMNS, "f."))
                .append(" FROM intraday_features f JOIN (SELECT venue, max(\"timestamp\") AS last_ts "
                        + "FROM intraday_features WHERE symbol = " + s + " AND bar_interval = " + i);
        if (venue != null) sql.append(" AND venue = ").append(read.param(venue));
        sql.append(" GROUP BY venue) m ON f.venue = m.venue AND f.\"timestamp\" = m.last_ts WHERE f.symbol = " + s
                + " AND f.bar_interval = " + i + " ORDER BY f.venue, f.feature_name, f.version");
        return read.list(db, "feature query", sql.toString(), PostgresFeatureQueries::feature);
    }

    private static StoredFeature feature(Readable r) {
        return new StoredFeature(
                r.get(0, String.class),
                r.get(1, String.class),
                BarInterval.ofLabel(r.get(2, String.class)),
                PostgresGreeksQueries.instant(r, 3),
                r.get(4, String.class),
                r.get(5, Double.class),
                r.get(6, String.class),
                r.get(7, LocalDate.class),
                r.get(8, Integer.class),
                PostgresGreeksQueries.instant(r, 9),
                PostgresGreeksQueries.instant(r, 10));
    }
}
