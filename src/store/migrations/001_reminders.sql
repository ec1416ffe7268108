-- Members, their stretch reminders, and one delivery row per target per local date.
-- Discord ids are TEXT; times are UTC epoch milliseconds.

CREATE TABLE members (
  user_id          TEXT PRIMARY KEY,
  dm_channel_id    TEXT,
  -- 'unknown' until a DM is tried; 'closed' after Discord answered 50007 (DMs off).
  dm_status        TEXT NOT NULL DEFAULT 'unknown' CHECK (dm_status IN ('unknown', 'open', 'closed')),
  dm_closed_at     INTEGER,
  -- Set when reminders were paused for closed DMs; the next command they use explains why.
  notice_pending   INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE reminders (
  id               INTEGER PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES members (user_id) ON DELETE CASCADE,
  local_time       TEXT NOT NULL,             -- 'HH:MM' in time_zone
  time_zone        TEXT NOT NULL,             -- canonical IANA name
  days             INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127), -- bit 0 = Monday … bit 6 = Sunday
  stretch_id       TEXT,                      -- NULL: the next stretch in rotation
  rotation         INTEGER NOT NULL DEFAULT 0,
  -- NULL while paused with no end (by the member, or because DMs are closed).
  next_fire_at     INTEGER,
  next_local_date  TEXT,
  paused_until     INTEGER,                   -- set with a timed pause, for display
  paused_reason    TEXT CHECK (paused_reason IN ('member', 'dm-closed')),
  snooze_at        INTEGER,                   -- a one-off repeat the member asked for…
  snooze_of        TEXT,                      -- …of the reminder of this local date
  created_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX reminders_due ON reminders (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX reminders_user ON reminders (user_id);
CREATE INDEX reminders_snoozed ON reminders (snooze_at) WHERE snooze_at IS NOT NULL;

CREATE TABLE deliveries (
  kind             TEXT NOT NULL CHECK (kind IN ('reminder', 'snooze', 'tip')),
  target_id        INTEGER NOT NULL,          -- reminders.id or club_channels.id
  -- The local date this delivery belongs to ('YYYY-MM-DD'); a snooze's is '<that date>T<snooze_at, UTC epoch ms>'.
  local_date       TEXT NOT NULL,
  user_id          TEXT,                      -- the member, for reminders (forget-me, weekly counts)
  scheduled_at     INTEGER NOT NULL,
  claimed_at       INTEGER NOT NULL,
  -- claimed: committed to send, not yet confirmed; sent; failed (final); retry (transient, try again)
  status           TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'retry', 'skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  retry_at         INTEGER,
  item_id          TEXT,                      -- the stretch or tip sent
  message_id       TEXT,
  error_code       INTEGER,
  done_at          INTEGER,                   -- the member pressed Done
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (kind, target_id, local_date)
) STRICT;

CREATE INDEX deliveries_pending ON deliveries (status, retry_at) WHERE status IN ('claimed', 'retry');
CREATE INDEX deliveries_user ON deliveries (user_id, local_date) WHERE user_id IS NOT NULL;
