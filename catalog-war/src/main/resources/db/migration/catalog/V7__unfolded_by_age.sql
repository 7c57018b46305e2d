-- The fold waits while reservations are still being written, on any server: it asks the ledger
-- for the newest and the oldest unfolded row, which this index answers from its two ends.
DROP INDEX reservation_unfolded ON reservation;
CREATE INDEX reservation_unfolded ON reservation (folded, created_at);
