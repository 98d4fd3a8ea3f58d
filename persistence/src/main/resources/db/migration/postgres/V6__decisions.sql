-- The decisions: per instrument and completed 1s bar, one row of the signal (stream_state) and one of the intent
-- (stream_actions), written in one statement. docs/decisions.md is the contract of every column and of the view.
-- Both are keyed by run, instrument and bar start, so a redelivered or replayed decision is the same row, and are
-- RANGE-partitioned by UTC day on the bar start like ohlc_1s, whose retention tier they follow.
-- venue, symbol and run_id compare byte-wise (COLLATE "C"), as DuckDB compares text, so both stores order pages
-- alike and pick the same run on a tie in stream_actions_latest whatever the database's collation.

CREATE TABLE stream_state (
    "timestamp" timestamptz      NOT NULL,
    venue       text COLLATE "C" NOT NULL,
    symbol      text COLLATE "C" NOT NULL,
    close       double precision NOT NULL,
    state       integer          NOT NULL,
    gate_open   boolean          NOT NULL,
    posture     text             NOT NULL,
    source_file text             NOT NULL,
    run_id      text COLLATE "C" NOT NULL,
    ingested_at timestamptz      NOT NULL,
    PRIMARY KEY (run_id, venue, symbol, "timestamp")
) PARTITION BY RANGE ("timestamp");
CREATE TABLE stream_state_default PARTITION OF stream_state DEFAULT;

CREATE TABLE stream_actions (
    "timestamp"     timestamptz      NOT NULL,
    venue           text COLLATE "C" NOT NULL,
    symbol          text COLLATE "C" NOT NULL,
    state           integer          NOT NULL,
    direction       text             NOT NULL,
    target_exposure double precision NOT NULL,
    delta_exposure  double precision NOT NULL,
    urgency         double precision NOT NULL,
    hold            boolean          NOT NULL,
    actionability   double precision NOT NULL,
    reason          text             NOT NULL,
    gate_open       boolean          NOT NULL,
    posture         text             NOT NULL,
    cost            double precision NOT NULL,
    source_file     text             NOT NULL,
    run_id          text COLLATE "C" NOT NULL,
    computed_at     timestamptz      NOT NULL,
    ingested_at     timestamptz      NOT NULL,
    PRIMARY KEY (run_id, venue, symbol, "timestamp")
) PARTITION BY RANGE ("timestamp");
CREATE TABLE stream_actions_default PARTITION OF stream_actions DEFAULT;
-- The primary key leads with the run; the API and the view ask by instrument, newest first.
CREATE INDEX stream_actions_instrument ON stream_actions (symbol, venue, "timestamp" DESC, run_id DESC);

-- Per instrument, the action of its latest bar start; of several runs there, the greatest run id.
CREATE VIEW stream_actions_latest AS
SELECT DISTINCT ON (symbol, venue)
       "timestamp", venue, symbol, state, direction, target_exposure, delta_exposure, urgency, hold, actionability,
       reason, gate_open, posture, cost, source_file, run_id, computed_at, ingested_at
FROM stream_actions
ORDER BY symbol, venue, "timestamp" DESC, run_id DESC;
