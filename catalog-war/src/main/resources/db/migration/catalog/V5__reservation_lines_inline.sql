-- The hot write of a batch becomes: one fenced UPDATE of the product's counters and one row per
-- order in reservation, carrying its lines inline (items). reservation_item and buyer_quota are
-- derived from those rows afterwards by the fold (StockLedger.fold), off the critical path of a
-- drop; `folded` says which rows still wait for it. Rows from before this version are folded and
-- keep their lines in reservation_item only (items NULL); a tombstone has neither.
ALTER TABLE reservation
  ADD COLUMN items  TEXT    NULL,
  ADD COLUMN folded BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX reservation_unfolded ON reservation (folded);

-- The fenced counter write without a stored procedure call (which cost MariaDB about as much as
-- the rest of the batch): the writer sets fence = IF(fence <= token, token, -1), and a fence of
-- -1 breaks this constraint, so a holder past its lease fails its statement and the request
-- stops before COMMIT, as stock_write's SIGNAL did. The name is what the engine recognises.
ALTER TABLE product_stock ADD CONSTRAINT stock_fence_held CHECK (fence >= 0);
