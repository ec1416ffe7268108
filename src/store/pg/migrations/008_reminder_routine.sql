-- A reminder may bring a guided routine (data/routines.json) instead of one stretch: its id, or NULL.
ALTER TABLE reminders ADD COLUMN routine_id TEXT;
