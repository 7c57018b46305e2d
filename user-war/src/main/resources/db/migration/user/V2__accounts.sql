-- Accounts: personal data only as AES-256-GCM ciphertext (nonce || ciphertext || tag) under the
-- key id of the row; email found through its HMAC blind index, unique so concurrent signups of
-- one address cannot both succeed.
CREATE TABLE app_user (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email_index BINARY(32) NOT NULL,
  email VARBINARY(400) NOT NULL,
  name VARBINARY(600) NULL,
  phone VARBINARY(100) NULL,
  address VARBINARY(1500) NULL,
  pii_key_id VARCHAR(32) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  role VARCHAR(16) NOT NULL,
  created_at TIMESTAMP(3) NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL,
  CONSTRAINT uk_app_user_email_index UNIQUE (email_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Refresh tokens by SHA-256, one row per (refresh, access) pair; a family is one login.
CREATE TABLE refresh_token (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  family_id CHAR(36) NOT NULL,
  user_id BIGINT NOT NULL,
  access_jti CHAR(36) NOT NULL,
  access_expires_at TIMESTAMP(3) NOT NULL,
  issued_at TIMESTAMP(3) NOT NULL,
  expires_at TIMESTAMP(3) NOT NULL,
  spent_at TIMESTAMP(3) NULL,
  revoked_at TIMESTAMP(3) NULL,
  KEY ix_refresh_token_family (family_id),
  KEY ix_refresh_token_user (user_id),
  KEY ix_refresh_token_access (access_jti),
  CONSTRAINT fk_refresh_token_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
