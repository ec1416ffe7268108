-- PostgreSQL twin of src/store/migrations/004_delivery_attempts.sql: the first attempt's nonce and real start time.
ALTER TABLE deliveries ADD COLUMN nonce TEXT;
ALTER TABLE deliveries ADD COLUMN send_started_at BIGINT;
