-- Products and the durable stock ledger. Redis holds only hot copies of product_stock and
-- buyer_quota, and is rebuilt from these tables whenever it is lost.
CREATE TABLE product (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(200) NOT NULL,
  description    VARCHAR(4000) NOT NULL,
  category       VARCHAR(64)  NOT NULL,
  price          BIGINT       NOT NULL,
  sale_type      VARCHAR(16)  NOT NULL,
  opens_at       TIMESTAMP(3) NULL,
  per_user_limit INT          NULL,
  sample_key     VARCHAR(64)  NULL,
  created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT product_sample_key UNIQUE (sample_key),
  CONSTRAINT product_price_positive CHECK (price >= 0),
  CONSTRAINT product_sale_type CHECK (sale_type IN ('NORMAL', 'RESERVATION')),
  INDEX product_by_category (category, created_at),
  INDEX product_by_sale_type (sale_type, created_at),
  INDEX product_by_price (price)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per product. Every writer holds the product's Redis lock and stamps its fencing
-- token here (WHERE fence <= token), so a holder whose lease ran out cannot write any more.
CREATE TABLE product_stock (
  product_id BIGINT NOT NULL PRIMARY KEY,
  total      BIGINT NOT NULL,
  available  BIGINT NOT NULL,
  reserved   BIGINT NOT NULL DEFAULT 0,
  sold       BIGINT NOT NULL DEFAULT 0,
  fence      BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT stock_product FOREIGN KEY (product_id) REFERENCES product (id),
  CONSTRAINT stock_never_negative CHECK (available >= 0 AND reserved >= 0 AND sold >= 0),
  CONSTRAINT stock_conserved CHECK (total = available + reserved + sold)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per order id: the idempotency record of every stock call for that order.
CREATE TABLE reservation (
  order_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
  user_id    VARCHAR(64)  NOT NULL,
  state      VARCHAR(16)  NOT NULL,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT reservation_state CHECK (state IN ('RESERVED', 'SOLD', 'RELEASED', 'RESTOCKED'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE reservation_item (
  order_id   VARCHAR(64)  NOT NULL,
  product_id BIGINT       NOT NULL,
  quantity   INT          NOT NULL,
  unit_price BIGINT       NOT NULL,
  name       VARCHAR(200) NOT NULL,
  PRIMARY KEY (order_id, product_id),
  CONSTRAINT item_reservation FOREIGN KEY (order_id) REFERENCES reservation (order_id),
  CONSTRAINT item_quantity_positive CHECK (quantity > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Units of a product held by a buyer in live orders (reserved or sold, not released or returned):
-- what a per-user limit is checked against.
CREATE TABLE buyer_quota (
  product_id BIGINT      NOT NULL,
  user_id    VARCHAR(64) NOT NULL,
  quantity   INT         NOT NULL,
  PRIMARY KEY (product_id, user_id),
  CONSTRAINT quota_never_negative CHECK (quantity >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
