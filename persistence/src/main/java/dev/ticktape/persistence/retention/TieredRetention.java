package dev.ticktape.persistence.retention;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention as one walk over the policy's tiers (1s bars, 1m bars rolled up into {@code ohlc_5m}, Greeks, the
 * analytics tables, then the decision tables), in that order; the dry run and the real run differ only in whether the walk changes anything.
 * Unless the policy includes replays, the bar tiers carry a filter that selects live rows only
 * ({@link RetentionPolicy#LIVE_PREFIX}); Greeks snapshots come from venues only and have no source column.
 *
 * <p>The analytics tables follow the bar tier of their input: summaries (of 1s bars) and 1s features age like 1s
 * bars, 1m features and the feed status like 1m bars. They have no source column either, so every row of them
 * ages, replayed or not. The decision tables ({@code stream_state}, {@code stream_actions}) age like 1s bars, live
 * filter included: they have the {@code source_file} of the bars they were decided on.
 */
abstract class TieredRetention implements RetentionTarget {
    /** SQL predicate (DuckDB and PostgreSQL alike) that selects the live rows of a bar table. */
    static final String LIVE = "source_file LIKE '" + RetentionPolicy.LIVE_PREFIX + "%'";

    /**
     * A table that ages out after {@code keep}, by its time column; {@code rollup}: aggregated into 5m first;
     * {@code live}: the predicate of the rows that may go, or null when every row may; {@code interval}: for a
     * table holding several bar intervals ({@code intraday_features}), the interval whose rows this tier ages, else
     * null.
     */
    record Tier(String table, String timeColumn, Duration keep, boolean rollup, String live, BarInterval interval) {
        /** A tier over every row of its table. */
        Tier(String table, String timeColumn, Duration keep, boolean rollup, String live) {
            this(table, timeColumn, keep, rollup, live, null);
        }

        /** {@code cond} restricted to this tier's interval, when it has one. */
        String scoped(String cond) {
            return interval == null ? cond : cond + " AND bar_interval = '" + interval.label() + "'";
        }

        /** What the tier's rows are called in a report: e.g. {@code live rows}, {@code 1s rows}. */
        String rows() {
            return (interval == null ? "" : interval.label() + " ") + (live == null ? "rows" : "live rows");
        }

        /** {@code cond} restricted to the rows that may go. */
        String eligible(String cond) {
            return live == null ? cond : cond + " AND " + live;
        }

        /** {@code cond} restricted to the replayed rows that stay; null when every row may go. */
        String spared(String cond) {
            return live == null ? null : cond + " AND NOT (" + live + ")";
        }
    }

    @Override
    public final RetentionReport plan(Instant now, RetentionPolicy policy) {
        return run(now, policy, false);
    }

    @Override
    public final RetentionReport apply(Instant now, RetentionPolicy policy) {
        return run(now, policy, true);
    }

    private RetentionReport run(Instant now, RetentionPolicy policy, boolean apply) {
        String live = policy.includeReplays() ? null : LIVE;
        List<Tier> tiers = List.of(
                new Tier("ohlc_1s", "\"timestamp\"", policy.bars1s(), false, live),
                new Tier("ohlc_1m", "\"timestamp\"", policy.bars1m(), true, live),
                new Tier("greek_snapshots", "ts", policy.greeks(), false, null),
                new Tier(SinkRoute.SUMMARIES_TABLE, "end_ts", policy.bars1s(), false, null),
                new Tier(SinkRoute.FEATURES_TABLE, "\"timestamp\"", policy.bars1s(), false, null, BarInterval.S1),
                new Tier(SinkRoute.FEATURES_TABLE, "\"timestamp\"", policy.bars1m(), false, null, BarInterval.M1),
                new Tier(SinkRoute.STATUS_TABLE, "ts", policy.bars1m(), false, null),
                new Tier(SinkRoute.DECISION_STATE_TABLE, "\"timestamp\"", policy.bars1s(), false, live),
                new Tier(SinkRoute.DECISION_ACTIONS_TABLE, "\"timestamp\"", policy.bars1s(), false, live));
        List<RetentionReport.Item> items = new ArrayList<>();
        List<RetentionReport.Item> kept = new ArrayList<>();
        try {
            walk(tiers, now, apply, items, kept);
        } catch (SQLException e) {
            throw new IllegalStateException(failure(e), e);
        }
        return new RetentionReport(store(), items, kept);
    }

    /**
     * Plans or applies every tier in order, adding what it found or did to {@code items}, and the replayed rows
     * past a tier that stay to {@code kept}.
     */
    abstract void walk(
            List<Tier> tiers,
            Instant now,
            boolean apply,
            List<RetentionReport.Item> items,
            List<RetentionReport.Item> kept)
            throws SQLException;

    /** The message of the exception thrown when a walk fails. */
    abstract String failure(SQLException e);
}
