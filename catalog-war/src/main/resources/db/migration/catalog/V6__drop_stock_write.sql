-- The fenced counter write is a plain UPDATE checked by stock_fence_held since V5; the stored
-- procedure of V3 has no caller left.
DROP PROCEDURE IF EXISTS stock_write;
