-- Summaries, intraday features, their definitions and the feed status, with the three summary views.
-- docs/analytics.md is the contract of every column and view. The time-series tables are RANGE-partitioned by UTC
-- day like the bars; the application creates the day partitions ahead and retention drops them.

-- One row per (venue, symbol, window length, window end); a row is replaced only by an equal or higher revision.
CREATE TABLE quotient_summaries (
    venue        text             NOT NULL,
    symbol       text             NOT NULL,
    window_ms    bigint           NOT NULL,
    end_ts       timestamptz      NOT NULL,
    bars         integer          NOT NULL,
    expected     integer          NOT NULL,
    coverage     double precision NOT NULL,
    first_close  double precision NOT NULL,
    last_close   double precision NOT NULL,
    log_return   double precision NOT NULL,
    mean_close   double precision NOT NULL,
    stdev_close  double precision NOT NULL,
    min_close    double precision NOT NULL,
    max_close    double precision NOT NULL,
    slope        double precision,
    slope_norm   double precision,
    zscore       double precision,
    realized_vol double precision,
    volume       double precision NOT NULL,
    vwap         double precision,
    revision     integer          NOT NULL,
    computed_at  timestamptz      NOT NULL,
    ingested_at  timestamptz      NOT NULL,
    PRIMARY KEY (venue, symbol, window_ms, end_ts)
) PARTITION BY RANGE (end_ts);
CREATE TABLE quotient_summaries_default PARTITION OF quotient_summaries DEFAULT;
-- The API asks by symbol with the venue optional; the primary key leads with the venue.
CREATE INDEX quotient_summaries_symbol ON quotient_summaries (symbol, venue, window_ms, end_ts);

-- One row per feature of a bar. 1s and 1m features age out on different tiers, so the table is LIST-partitioned
-- by interval first: each interval's day partitions can then be dropped whole.
CREATE TABLE intraday_features (
    venue        text             NOT NULL,
    symbol       text             NOT NULL,
    bar_interval text             NOT NULL,
    "timestamp"  timestamptz      NOT NULL,
    feature_name text             NOT NULL,
    value        double precision NOT NULL,
    version      text             NOT NULL,
    session_date date             NOT NULL,
    bar_revision integer          NOT NULL,
    computed_at  timestamptz      NOT NULL,
    ingested_at  timestamptz      NOT NULL,
    PRIMARY KEY (venue, symbol, bar_interval, "timestamp", feature_name, version)
) PARTITION BY LIST (bar_interval);
CREATE TABLE intraday_features_1s PARTITION OF intraday_features FOR VALUES IN ('1s') PARTITION BY RANGE ("timestamp");
CREATE TABLE intraday_features_1s_default PARTITION OF intraday_features_1s DEFAULT;
CREATE TABLE intraday_features_1m PARTITION OF intraday_features FOR VALUES IN ('1m') PARTITION BY RANGE ("timestamp");
CREATE TABLE intraday_features_1m_default PARTITION OF intraday_features_1m DEFAULT;
-- The API asks by symbol with the venue optional; the primary key leads with the venue.
CREATE INDEX intraday_features_symbol ON intraday_features (symbol, bar_interval, "timestamp");

-- Filled from the feature catalog in the application at every start (one source for names and definitions).
CREATE TABLE feature_definitions (
    name          text    NOT NULL,
    version       text    NOT NULL,
    description   text    NOT NULL,
    formula       text    NOT NULL,
    lookback_bars integer NOT NULL,
    is_active     boolean NOT NULL,
    PRIMARY KEY (name, version)
);

-- Every md.status record; connection is the record's symbol (an adapter connection or GATEWAY).
CREATE TABLE feed_status (
    venue       text        NOT NULL,
    connection  text        NOT NULL,
    ts          timestamptz NOT NULL,
    state       text        NOT NULL,
    detail      text,
    ingested_at timestamptz NOT NULL,
    PRIMARY KEY (venue, connection, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE feed_status_default PARTITION OF feed_status DEFAULT;
-- legitimacy_stream looks up every connection of a venue in a 120 s range.
CREATE INDEX feed_status_venue_ts ON feed_status (venue, ts);

-- Each summary beside the previous one of its series; the first of a series has null deltas.
CREATE VIEW quotient_deltas AS
SELECT venue, symbol, window_ms, end_ts, bars, expected, coverage, first_close, last_close, log_return, mean_close,
       stdev_close, min_close, max_close, slope, slope_norm, zscore, realized_vol, volume, vwap, revision,
       computed_at, ingested_at,
       lag(end_ts) OVER w                                                AS prev_end_ts,
       (extract(epoch FROM end_ts - lag(end_ts) OVER w) * 1000)::bigint  AS gap_ms,
       coverage - lag(coverage) OVER w                                   AS d_coverage,
       last_close - lag(last_close) OVER w                               AS d_last_close,
       log_return - lag(log_return) OVER w                               AS d_log_return,
       mean_close - lag(mean_close) OVER w                               AS d_mean_close,
       stdev_close - lag(stdev_close) OVER w                             AS d_stdev_close,
       slope - lag(slope) OVER w                                         AS d_slope,
       slope_norm - lag(slope_norm) OVER w                               AS d_slope_norm,
       zscore - lag(zscore) OVER w                                       AS d_zscore,
       realized_vol - lag(realized_vol) OVER w                           AS d_realized_vol,
       volume - lag(volume) OVER w                                       AS d_volume,
       vwap - lag(vwap) OVER w                                           AS d_vwap
FROM quotient_summaries
WINDOW w AS (PARTITION BY venue, symbol, window_ms ORDER BY end_ts);

-- Every summary judged: the latest status of each connection of its venue in (end_ts - 120 s, end_ts] first
-- (any disconnected, then any degraded), then the coverage. PostgreSQL has no ASOF join: DISTINCT ON per summary.
CREATE VIEW legitimacy_stream AS
SELECT s.venue, s.symbol, s.window_ms, s.end_ts, s.bars, s.expected, s.coverage, s.first_close, s.last_close,
       s.log_return, s.mean_close, s.stdev_close, s.min_close, s.max_close, s.slope, s.slope_norm, s.zscore,
       s.realized_vol, s.volume, s.vwap, s.revision, s.computed_at, s.ingested_at,
       j.reason = 'ok' AS legitimate,
       j.reason
FROM quotient_summaries s
CROSS JOIN LATERAL (
    SELECT CASE WHEN bool_or(l.state = 'disconnected') THEN 'feed_disconnected'
                WHEN bool_or(l.state = 'degraded') THEN 'feed_degraded'
                WHEN s.coverage < 0.5 THEN 'low_coverage'
                ELSE 'ok' END AS reason
    FROM (SELECT DISTINCT ON (f.connection) f.state
          FROM feed_status f
          WHERE f.venue = s.venue AND f.ts > s.end_ts - interval '120 seconds' AND f.ts <= s.end_ts
          ORDER BY f.connection, f.ts DESC) l
) j;

-- Per series, the latest legitimate summary: what a decision gate reads. Walking each series back from its newest
-- summary (primary key, backwards) judges only the summaries newer than the answer, not the whole table.
CREATE VIEW influence_gate_feed AS
SELECT k.venue, k.symbol, k.window_ms, g.end_ts, g.bars, g.expected, g.coverage, g.first_close, g.last_close,
       g.log_return, g.mean_close, g.stdev_close, g.min_close, g.max_close, g.slope, g.slope_norm, g.zscore,
       g.realized_vol, g.volume, g.vwap, g.revision, g.computed_at, g.ingested_at
FROM (SELECT DISTINCT venue, symbol, window_ms FROM quotient_summaries) k
CROSS JOIN LATERAL (
    SELECT l.*
    FROM legitimacy_stream l
    WHERE l.venue = k.venue AND l.symbol = k.symbol AND l.window_ms = k.window_ms AND l.legitimate
    ORDER BY l.end_ts DESC
    LIMIT 1
) g;
