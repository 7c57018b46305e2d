-- The fenced write of a product's ledger counters as one statement that FAILS when a newer lock
-- holder has written (its fence is past the caller's token). The stock engine sends its whole
-- batch (this call, the reservation rows, the quota changes and COMMIT) as one multi-statement
-- request; MariaDB stops at the first error, so a fenced-off holder's batch never reaches COMMIT
-- and is rolled back by the engine.
DELIMITER $$
CREATE PROCEDURE stock_write(IN p_product BIGINT, IN p_fence BIGINT, IN d_total BIGINT,
                             IN d_available BIGINT, IN d_reserved BIGINT, IN d_sold BIGINT)
BEGIN
  UPDATE product_stock
     SET total = total + d_total, available = available + d_available,
         reserved = reserved + d_reserved, sold = sold + d_sold, fence = p_fence
   WHERE product_id = p_product AND fence <= p_fence;
  IF ROW_COUNT() <> 1 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'stock-fenced';
  END IF;
END$$
DELIMITER ;
