-- 5-minute roll-ups of 1m bars that aged out. Small (288 rows per instrument and day) and kept indefinitely,
-- so not partitioned.
CREATE TABLE ohlc_5m (
    venue       text             NOT NULL,
    symbol      text             NOT NULL,
    "timestamp" timestamptz      NOT NULL,
    open        double precision NOT NULL,
    high        double precision NOT NULL,
    low         double precision NOT NULL,
    close       double precision NOT NULL,
    volume      double precision NOT NULL,
    vwap        double precision,
    trades      bigint           NOT NULL,
    source_file text             NOT NULL,
    ingested_at timestamptz      NOT NULL,
    PRIMARY KEY (venue, symbol, "timestamp")
);

-- Option Greeks snapshots, partitioned by UTC day on ts like the bars.
CREATE TABLE greek_snapshots (
    broker           text             NOT NULL,
    account          text,
    contract_key     text             NOT NULL,
    underlying       text             NOT NULL,
    expiry           date             NOT NULL,
    strike           double precision NOT NULL,
    option_right     char(1)          NOT NULL,
    ts               timestamptz      NOT NULL,
    delta            double precision,
    gamma            double precision,
    theta            double precision,
    vega             double precision,
    rho              double precision,
    iv               double precision,
    underlying_price double precision,
    mark             double precision,
    received_at      timestamptz      NOT NULL,
    persisted_at     timestamptz      NOT NULL,
    PRIMARY KEY (broker, contract_key, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE greek_snapshots_default PARTITION OF greek_snapshots DEFAULT;

-- Account executions. The key (broker, exec_id) has no time column, so the table cannot be range-partitioned
-- by time; executions are few and have no retention tier.
CREATE TABLE trades (
    broker       text             NOT NULL,
    exec_id      text             NOT NULL,
    account      text,
    order_id     text,
    symbol       text             NOT NULL,
    side         text             NOT NULL,
    price        double precision NOT NULL,
    qty          double precision NOT NULL,
    ts           timestamptz      NOT NULL,
    contract_key text,
    underlying   text,
    expiry       date,
    strike       double precision,
    option_right char(1),
    received_at  timestamptz      NOT NULL,
    persisted_at timestamptz      NOT NULL,
    PRIMARY KEY (broker, exec_id)
);
CREATE INDEX trades_ts ON trades (ts);
