-- Reconciliation against the venues' own bars: one row per (venue, symbol, interval, bar start), replaced by a
-- re-check. docs/reconciliation.md is the contract of every column. Not partitioned: one row per instrument and
-- minute (plus per second where 1s is reconciled) is small next to the bar tables.
-- V7 is taken by the feed-gap ledger, developed beside this one.

CREATE TABLE bar_reconciliation (
    venue            text COLLATE "C" NOT NULL,
    symbol           text COLLATE "C" NOT NULL,
    "interval"       text             NOT NULL,
    ts               timestamptz      NOT NULL,
    status           text             NOT NULL,
    fields_differing text             NOT NULL,
    ours             jsonb,
    theirs           jsonb,
    checked_at       timestamptz      NOT NULL,
    PRIMARY KEY (venue, symbol, "interval", ts)
);
CREATE INDEX bar_reconciliation_status ON bar_reconciliation (status, ts);
