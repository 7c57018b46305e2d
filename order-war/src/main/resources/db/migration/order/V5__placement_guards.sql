-- Placement guards are written and removed per batch of orders, by order id: they are marked
-- (so a compensating release queued for the same order is never taken for one), and the outbox
-- is searched by order id (a batch's guards, an order's pending calls).
ALTER TABLE stock_outbox
  ADD COLUMN placement_guard BOOLEAN NOT NULL DEFAULT FALSE,
  ADD INDEX stock_outbox_by_order (order_id, placement_guard);
-- Guards written before this version were RELEASE rows due in the future with no attempt yet.
UPDATE stock_outbox SET placement_guard = TRUE
 WHERE action = 'RELEASE' AND done_at IS NULL AND attempts = 0 AND next_attempt_at > created_at;
