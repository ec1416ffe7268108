-- Several processes on one database (docs/scaling.md): every process records a heartbeat; one holds the
-- sender lease and is the only one that claims and sends; each claim names the process that made it, and only
-- a claim whose owner's heartbeat stopped may be taken over by another process.
ALTER TABLE deliveries ADD COLUMN owner TEXT;

CREATE TABLE lumbar_processes (
  owner        TEXT PRIMARY KEY,
  host         TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  shards       TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);

CREATE TABLE scheduler_lease (
  name        TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  lease_until INTEGER NOT NULL
);
