-- Bar tables, RANGE-partitioned by UTC day on "timestamp". Day partitions are created ahead by the application;
-- the DEFAULT partition only catches rows for days that have none (an alert metric watches it).
CREATE TABLE ohlc_1s (
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
) PARTITION BY RANGE ("timestamp");
CREATE TABLE ohlc_1s_default PARTITION OF ohlc_1s DEFAULT;

CREATE TABLE ohlc_1m (LIKE ohlc_1s INCLUDING DEFAULTS INCLUDING CONSTRAINTS, PRIMARY KEY (venue, symbol, "timestamp"))
    PARTITION BY RANGE ("timestamp");
CREATE TABLE ohlc_1m_default PARTITION OF ohlc_1m DEFAULT;
