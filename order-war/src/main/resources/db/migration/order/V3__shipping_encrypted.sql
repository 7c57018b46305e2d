-- The shipping snapshot is personal data: from here on it is stored as AES-256-GCM
-- nonce || ciphertext || tag under the shared key ring, with the key id beside it and the
-- column name as associated data. Plaintext written before this migration is not converted
-- (Flyway SQL has no access to the key ring, and only development databases hold such rows):
-- it is erased, so those orders show no shipping details rather than keep plaintext on disk.
UPDATE orders SET ship_name = NULL, ship_phone = NULL, ship_address = NULL;

ALTER TABLE orders
  MODIFY ship_name    VARBINARY(850)  NULL,
  MODIFY ship_phone   VARBINARY(200)  NULL,
  MODIFY ship_address VARBINARY(2050) NULL,
  ADD COLUMN pii_key_id VARCHAR(32) NULL AFTER ship_address;
