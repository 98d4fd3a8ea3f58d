package dev.ticktape.persistence.retention;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention as one walk over the policy's tiers (1s bars, 1m bars rolled up into {@code ohlc_5m}, Greeks), in that
 * order; the dry run and the real run differ only in whether the walk changes anything.
 */
abstract class TieredRetention implements RetentionTarget {
    /** A table that ages out after {@code keep}, by its time column; {@code rollup}: aggregated into 5m first. */
    record Tier(String table, String timeColumn, Duration keep, boolean rollup) {}

    @Override
    public final RetentionReport plan(Instant now, RetentionPolicy policy) {
        return run(now, policy, false);
    }

    @Override
    public final RetentionReport apply(Instant now, RetentionPolicy policy) {
        return run(now, policy, true);
    }

    private RetentionReport run(Instant now, RetentionPolicy policy, boolean apply) {
        List<Tier> tiers = List.of(
                new Tier("ohlc_1s", "\"timestamp\"", policy.bars1s(), false),
                new Tier("ohlc_1m", "\"timestamp\"", policy.bars1m(), true),
                new Tier("greek_snapshots", "ts", policy.greeks(), false));
        List<RetentionReport.Item> items = new ArrayList<>();
        try {
            walk(tiers, now, apply, items);
        } catch (SQLException e) {
            throw new IllegalStateException(failure(e), e);
        }
        return new RetentionReport(store(), items);
    }

    /** Plans or applies every tier in order, adding what it found or did to {@code items}. */
    abstract void walk(List<Tier> tiers, Instant now, boolean apply, List<RetentionReport.Item> items)
            throws SQLException;

    /** The message of the exception thrown when a walk fails. */
    abstract String failure(SQLException e);
}
