-- Club channels that get a daily tip, and which tips each channel has had in its current cycle.

CREATE TABLE club_channels (
  id               INTEGER PRIMARY KEY,
  guild_id         TEXT NOT NULL,
  channel_id       TEXT NOT NULL UNIQUE,
  local_time       TEXT NOT NULL,             -- 'HH:MM' in time_zone
  time_zone        TEXT NOT NULL,
  days             INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),
  role_id          TEXT,                      -- mentioned in each post, if set
  -- NULL when the channel is disabled; the due index skips those rows.
  next_fire_at     INTEGER,
  next_local_date  TEXT,
  health           TEXT NOT NULL DEFAULT 'ok' CHECK (health IN ('ok', 'paused', 'disabled')),
  health_reason    TEXT,
  health_since     INTEGER,
  -- Start of the current run of permission failures: retried daily for a week, then disabled.
  failing_since    INTEGER,
  -- The shuffle of the tip pool differs per channel and per cycle.
  shuffle_seed     INTEGER NOT NULL,
  cycle            INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX club_channels_due ON club_channels (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX club_channels_guild ON club_channels (guild_id);

CREATE TABLE club_tips_posted (
  channel_row      INTEGER NOT NULL REFERENCES club_channels (id) ON DELETE CASCADE,
  cycle            INTEGER NOT NULL,
  tip_id           TEXT NOT NULL,
  posted_at        INTEGER NOT NULL,
  PRIMARY KEY (channel_row, cycle, tip_id)
) STRICT;
