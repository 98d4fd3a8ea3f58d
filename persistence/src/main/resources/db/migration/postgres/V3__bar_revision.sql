-- The bar's revision (0 = first emission, +1 per late-trade correction): the sink replaces a stored bar only with
-- an equal or higher revision, so a redelivered older revision never overwrites a newer one.
-- A constant default makes this a catalog-only change (no table rewrite), also for every existing day partition.
ALTER TABLE ohlc_1s ADD COLUMN revision integer NOT NULL DEFAULT 0;
ALTER TABLE ohlc_1m ADD COLUMN revision integer NOT NULL DEFAULT 0;
