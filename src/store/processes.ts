// The processes sharing this database: a heartbeat per process, and the one sender lease (docs/design.md,
// "Several processes"). Times here are the database's own clock, never a process's: on PostgreSQL the
// processes may run on machines whose clocks disagree (pg/processes.ts); SQLite is one machine's file.
import type { Db } from './db.ts';

/** The database's clock in epoch milliseconds. */
export const SQLITE_NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/** The lease that makes a process the one that claims and sends scheduled deliveries. */
export const SENDER_LEASE = 'sender';

export interface ProcessInfo {
  owner: string;
  host: string;
  pid: number;
  /** Which gateway shards it runs, for people reading the table ("0-3", "all"). */
  shards: string;
}

export interface ProcessRow extends ProcessInfo {
  started_at: number;
  heartbeat_at: number;
}

export interface LeaseRow {
  name: string;
  owner: string;
  lease_until: number;
}

function statements(db: Db) {
  return {
    beat: db.prepare(
      `INSERT INTO lumbar_processes (owner, host, pid, shards, started_at, heartbeat_at)
       VALUES (@owner, @host, @pid, @shards, ${SQLITE_NOW}, ${SQLITE_NOW})
       ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
    ),
    // Taken when free or expired, renewed by its holder: one statement, so two processes never both get it.
    acquire: db.prepare(
      `INSERT INTO scheduler_lease (name, owner, lease_until) VALUES (@name, @owner, ${SQLITE_NOW} + @ms)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE scheduler_lease.owner = excluded.owner OR scheduler_lease.lease_until < ${SQLITE_NOW}`,
    ),
    release: db.prepare<[string, string]>('DELETE FROM scheduler_lease WHERE name = ? AND owner = ?'),
    leave: db.prepare<[string]>('DELETE FROM lumbar_processes WHERE owner = ?'),
    // Processes silent for a day are gone for good; their rows only clutter the table.
    forgetGone: db.prepare<[number]>(`DELETE FROM lumbar_processes WHERE heartbeat_at < ${SQLITE_NOW} - ?`),
    list: db.prepare<[], ProcessRow>('SELECT * FROM lumbar_processes ORDER BY started_at, owner'),
    lease: db.prepare<[string], LeaseRow>('SELECT * FROM scheduler_lease WHERE name = ?'),
  };
}

export const GONE_AFTER_MS = 24 * 60 * 60 * 1000;

export function createProcessStore(db: Db) {
  const s = statements(db);
  return {
    /** Records this process as alive now (its first beat also records when it started). */
    heartbeat(p: ProcessInfo): void {
      s.beat.run(p);
      s.forgetGone.run(GONE_AFTER_MS);
    },
    /** Takes the sender lease, or renews it, for `ms`; true when this process holds it now. */
    acquireLease(owner: string, ms: number): boolean {
      return s.acquire.run({ name: SENDER_LEASE, owner, ms }).changes > 0;
    },
    releaseLease(owner: string): void {
      s.release.run(SENDER_LEASE, owner);
    },
    /** A clean stop: this process's leftover claims become anyone's at once. */
    leave(owner: string): void {
      s.release.run(SENDER_LEASE, owner);
      s.leave.run(owner);
    },
    list(): ProcessRow[] {
      return s.list.all();
    },
    lease(): LeaseRow | undefined {
      return s.lease.get(SENDER_LEASE);
    },
  };
}

export type ProcessStore = ReturnType<typeof createProcessStore>;
