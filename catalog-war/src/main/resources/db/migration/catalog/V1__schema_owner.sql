-- Records which service owns this schema; the service's own tables follow in later versions.
CREATE TABLE schema_owner (
  service VARCHAR(32) NOT NULL PRIMARY KEY,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO schema_owner (service) VALUES ('catalog');
