-- "trades" held account fills while md.trades holds market prints: the table is named for what it holds.
-- A view keeps the old name readable for existing queries; writes go to executions only.
ALTER TABLE trades RENAME TO executions;
ALTER TABLE executions RENAME CONSTRAINT trades_pkey TO executions_pkey;
ALTER INDEX trades_ts RENAME TO executions_ts;
CREATE VIEW trades AS SELECT * FROM executions;
