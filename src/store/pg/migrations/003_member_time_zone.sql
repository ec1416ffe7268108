-- PostgreSQL twin of src/store/migrations/003_member_time_zone.sql.
ALTER TABLE members ADD COLUMN time_zone TEXT;
