-- Orders with their item and shipping snapshot; version drives optimistic locking so every
-- status step (timer, user, second server) applies once.
CREATE TABLE orders (
  id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
  user_id            VARCHAR(64)  NOT NULL,
  status             VARCHAR(24)  NOT NULL,
  total              BIGINT       NOT NULL,
  payment_deadline   TIMESTAMP(3) NOT NULL,
  created_at         TIMESTAMP(3) NOT NULL,
  delivered_at       TIMESTAMP(3) NULL,
  ship_name          VARCHAR(200) NULL,
  ship_phone         VARCHAR(40)  NULL,
  ship_address       VARCHAR(500) NULL,
  payment_ref        VARCHAR(100) NULL,
  refund_ref         VARCHAR(100) NULL,
  refunded_amount    BIGINT       NULL,
  version            BIGINT       NOT NULL DEFAULT 0,
  INDEX orders_by_user (user_id, created_at),
  INDEX orders_by_user_status (user_id, status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_item (
  order_id    VARCHAR(64)  NOT NULL,
  line_no     INT          NOT NULL,
  product_id  BIGINT       NOT NULL,
  name        VARCHAR(300) NOT NULL,
  unit_price  BIGINT       NOT NULL,
  quantity    INT          NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_item_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_timeline (
  order_id  VARCHAR(64)  NOT NULL,
  seq       INT          NOT NULL,
  status    VARCHAR(24)  NOT NULL,
  at        TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (order_id, seq),
  CONSTRAINT order_timeline_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Stock calls to the catalog that must happen after a committed status change. Each is
-- idempotent by order id at the catalog, so a row is retried until it succeeds.
CREATE TABLE stock_outbox (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id        VARCHAR(64)  NOT NULL,
  action          VARCHAR(16)  NOT NULL,
  attempts        INT          NOT NULL DEFAULT 0,
  created_at      TIMESTAMP(3) NOT NULL,
  next_attempt_at TIMESTAMP(3) NOT NULL,
  done_at         TIMESTAMP(3) NULL,
  last_error      VARCHAR(500) NULL,
  INDEX stock_outbox_pending (done_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE wishlist_item (
  user_id     VARCHAR(64)  NOT NULL,
  product_id  BIGINT       NOT NULL,
  quantity    INT          NOT NULL,
  added_at    TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (user_id, product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
