-- A rebuild of a product's hot copy puts back the seen marks of its recent order ids (the replay
-- window), so it finds them by product; the primary key (order_id, product_id) cannot.
CREATE INDEX item_by_product ON reservation_item (product_id, order_id);
