-- Automatic steps are driven by one EJB persistent timer per second of due times (a "bucket"),
-- not one per order: orders.next_step_at is when the automatic step of the order's current
-- status is due (NULL: none), and step_bucket holds every second that has a timer pending.
-- A row is inserted (INSERT IGNORE) in the transaction that creates its timer and deleted by
-- the transaction in which that timer starts moving the orders due up to the end of the second.
ALTER TABLE orders
  ADD COLUMN next_step_at TIMESTAMP(3) NULL AFTER payment_deadline,
  ADD INDEX orders_next_step (next_step_at);

CREATE TABLE step_bucket (
  due_second BIGINT NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Orders placed by the previous build keep their per-order timers (FROM>TO:orderId), which the
-- new build still honours. A pending order's step time is known (its payment deadline), so it is
-- also set here: any bucket that fires after it expires it too, whichever comes first, once.
-- For the other statuses the due time depended on durations SQL does not know; they stay NULL
-- and move by their old timer, after which they are on buckets like every other order.
UPDATE orders SET next_step_at = payment_deadline WHERE status = 'PAYMENT_PENDING';
