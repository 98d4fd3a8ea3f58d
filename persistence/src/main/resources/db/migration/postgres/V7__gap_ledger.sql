-- The gap ledger (md.gaps) and what it decides: each bar's coverage and the feed_gap legitimacy rule; the broker's
-- availability on Greeks snapshots. docs/data-quality.md is the contract. Same as DuckDB schema step 7.

-- One row per gap identity; a later record with the same identity replaces the row (open -> closed ->
-- backfilled). A ledger holds a handful of rows per connection and day, so it is a plain table, kept indefinitely:
-- day partitions would only scatter it, and an open gap has no end day to be dropped with.
-- instruments lists the symbols the gap affects; empty means every instrument of the connection.
CREATE TABLE feed_gaps (
    venue       text        NOT NULL,
    connection  text        NOT NULL,
    from_ts     timestamptz NOT NULL,
    cause       text        NOT NULL,
    to_ts       timestamptz,
    instruments text[]      NOT NULL,
    recovery    text        NOT NULL,
    recovered   bigint      NOT NULL,
    detail      text,
    received_at timestamptz NOT NULL,
    ingested_at timestamptz NOT NULL,
    PRIMARY KEY (venue, connection, from_ts, cause)
);
-- Coverage and legitimacy look up the gaps of one venue that start before a bar or window ends.
CREATE INDEX feed_gaps_venue_from ON feed_gaps (venue, from_ts);

-- Snapshots stored before this came from records without an availability, which the model reads as realtime.
-- A constant default is a catalog-only change, also for every existing day partition.
ALTER TABLE greek_snapshots ADD COLUMN availability text NOT NULL DEFAULT 'realtime';

-- Every stored bar with its coverage, the rule of Coverage.of: a gap of the bar's venue that names the bar's symbol
-- (or names none) and overlaps [timestamp, timestamp + interval) (an open gap has no end) makes it feed_gap unless
-- backfilled, then backfilled; else revision > 0 makes it revised; else complete. Computed when read, so a later
-- backfill changes it. A filter on the bars reaches the bar table (the subqueries are per returned row).
CREATE VIEW ohlc_1s_coverage AS
SELECT b.venue, b.symbol, b."timestamp", b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades, b.source_file,
       b.ingested_at, b.revision,
       CASE WHEN EXISTS (SELECT 1 FROM feed_gaps g
                         WHERE g.venue = b.venue AND (cardinality(g.instruments) = 0 OR b.symbol = ANY (g.instruments))
                           AND g.from_ts < b."timestamp" + interval '1 second'
                           AND (g.to_ts IS NULL OR g.to_ts > b."timestamp") AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery <> 'backfilled')
                THEN 'feed_gap'
            WHEN EXISTS (SELECT 1 FROM feed_gaps g
                         WHERE g.venue = b.venue AND (cardinality(g.instruments) = 0 OR b.symbol = ANY (g.instruments))
                           AND g.from_ts < b."timestamp" + interval '1 second'
                           AND (g.to_ts IS NULL OR g.to_ts > b."timestamp") AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery = 'backfilled')
                THEN 'backfilled'
            WHEN b.revision > 0 THEN 'revised'
            ELSE 'complete' END AS coverage
FROM ohlc_1s b;

CREATE VIEW ohlc_1m_coverage AS
SELECT b.venue, b.symbol, b."timestamp", b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades, b.source_file,
       b.ingested_at, b.revision,
       CASE WHEN EXISTS (SELECT 1 FROM feed_gaps g
                         WHERE g.venue = b.venue AND (cardinality(g.instruments) = 0 OR b.symbol = ANY (g.instruments))
                           AND g.from_ts < b."timestamp" + interval '1 minute'
                           AND (g.to_ts IS NULL OR g.to_ts > b."timestamp") AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery <> 'backfilled')
                THEN 'feed_gap'
            WHEN EXISTS (SELECT 1 FROM feed_gaps g
                         WHERE g.venue = b.venue AND (cardinality(g.instruments) = 0 OR b.symbol = ANY (g.instruments))
                           AND g.from_ts < b."timestamp" + interval '1 minute'
                           AND (g.to_ts IS NULL OR g.to_ts > b."timestamp") AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery = 'backfilled')
                THEN 'backfilled'
            WHEN b.revision > 0 THEN 'revised'
            ELSE 'complete' END AS coverage
FROM ohlc_1m b;

-- legitimacy_stream gains the feed_gap rule after the feed status and before the coverage: an unrecovered gap of the
-- summary's instrument (or of its whole connection) overlapping the window [end_ts - window_ms, end_ts).
-- Same columns, so influence_gate_feed on top of it stays as it is.
CREATE OR REPLACE VIEW legitimacy_stream AS
SELECT s.venue, s.symbol, s.window_ms, s.end_ts, s.bars, s.expected, s.coverage, s.first_close, s.last_close,
       s.log_return, s.mean_close, s.stdev_close, s.min_close, s.max_close, s.slope, s.slope_norm, s.zscore,
       s.realized_vol, s.volume, s.vwap, s.revision, s.computed_at, s.ingested_at,
       j.reason = 'ok' AS legitimate,
       j.reason
FROM quotient_summaries s
CROSS JOIN LATERAL (
    SELECT CASE WHEN bool_or(l.state = 'disconnected') THEN 'feed_disconnected'
                WHEN bool_or(l.state = 'degraded') THEN 'feed_degraded'
                WHEN EXISTS (SELECT 1 FROM feed_gaps g
                             WHERE g.venue = s.venue
                               AND (cardinality(g.instruments) = 0 OR s.symbol = ANY (g.instruments))
                               AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery <> 'backfilled' AND g.from_ts < s.end_ts
                               AND (g.to_ts IS NULL OR g.to_ts > s.end_ts - s.window_ms * interval '1 millisecond'))
                    THEN 'feed_gap'
                WHEN s.coverage < 0.5 THEN 'low_coverage'
                ELSE 'ok' END AS reason
    FROM (SELECT DISTINCT ON (f.connection) f.state
          FROM feed_status f
          WHERE f.venue = s.venue AND f.ts > s.end_ts - interval '120 seconds' AND f.ts <= s.end_ts
          ORDER BY f.connection, f.ts DESC) l
) j;
