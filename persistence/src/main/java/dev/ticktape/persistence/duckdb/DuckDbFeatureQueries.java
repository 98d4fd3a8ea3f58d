package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredFeature;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code intraday_features} from the DuckDB file, each call on its own reader connection. Times are bound and
 * read as epoch microseconds, so the JVM time zone never enters.
 */
public final class DuckDbFeatureQueries implements FeatureQueries {
    /** Everything a {@link StoredFeature} needs, in {@link #feature} order; {@code %1$s} qualifies the columns. */
    private static final String COLUMNS = "%1$svenue, %1$ssymbol, %1$sbar_interval, epoch_us(%1$s\"timestamp\"), "
            + "%1$sfeature_name, %1$svalue, %1$sversion, (%1$ssession_date - DATE '1970-01-01'), %1$sbar_revision, "
            + "epoch_us(%1$scomputed_at), epoch_us(%1$singested_at)";

    private final DuckDbDatabase database;

    public DuckDbFeatureQueries(DuckDbDatabase database) {
        this.database = database;
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
        List<Object> args = new ArrayList<>(
                List.of(symbol, interval.label(), DuckDbBarSink.micros(from), DuckDbBarSink.micros(to)));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.format(COLUMNS, ""))
                .append(" FROM intraday_features WHERE symbol = ? AND bar_interval = ? "
                        + "AND \"timestamp\" >= make_timestamp(?) AND \"timestamp\" < make_timestamp(?)");
        if (venue != null) {
            sql.append(" AND venue = ?");
            args.add(venue);
        }
        if (name != null) {
            sql.append(" AND feature_name = ?");
            args.add(name);
        }
        if (after != null) {
            long ts = DuckDbBarSink.micros(after.ts());
            sql.append(" AND (\"timestamp\" > make_timestamp(?) OR (\"timestamp\" = make_timestamp(?) AND (venue > ? "
                    + "OR (venue = ? AND (feature_name > ? OR (feature_name = ? AND version > ?))))))");
            args.addAll(List.of(ts, ts, after.tie(0), after.tie(0), after.tie(1), after.tie(1), after.tie(2)));
        }
        sql.append(" ORDER BY \"timestamp\", venue, feature_name, version LIMIT ?");
        args.add((long) limit);
        return DuckDbRead.list(database, "feature query", sql.toString(), args, DuckDbFeatureQueries::feature);
    }

    @Override
    public List<StoredFeature> latest(String venue, String symbol, BarInterval interval) {
        List<Object> args = new ArrayList<>(List.of(symbol, interval.label()));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.format(COLUMNS, "f."))
                .append(" FROM intraday_features f JOIN (SELECT venue, max(\"timestamp\") AS last_ts "
                        + "FROM intraday_features WHERE symbol = ? AND bar_interval = ?");
        if (venue != null) {
            sql.append(" AND venue = ?");
            args.add(venue);
        }
        sql.append(" GROUP BY venue) m ON f.venue = m.venue AND f.\"timestamp\" = m.last_ts "
                + "WHERE f.symbol = ? AND f.bar_interval = ? ORDER BY f.venue, f.feature_name, f.version");
        args.addAll(List.of(symbol, interval.label()));
        return DuckDbRead.list(database, "feature query", sql.toString(), args, DuckDbFeatureQueries::feature);
    }

    private static StoredFeature feature(ResultSet r) throws SQLException {
        return new StoredFeature(
                r.getString(1),
                r.getString(2),
                BarInterval.ofLabel(r.getString(3)),
                DuckDbGreeksQueries.micros(r.getLong(4)),
                r.getString(5),
                r.getDouble(6),
                r.getString(7),
                LocalDate.ofEpochDay(r.getLong(8)),
                r.getInt(9),
                DuckDbGreeksQueries.micros(r.getLong(10)),
                DuckDbGreeksQueries.micros(r.getLong(11)));
    }
}
