// `npm run db:copy`: a real SQLite file into a fresh database on the run's real PostgreSQL server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { COPY_BATCH_ROWS, COPY_TABLES, CopyError, copySqliteToPostgres } from '../../src/store/pg/copy.ts';
import { openPostgres } from '../../src/store/pg/open.ts';
import type { PgPool } from '../../src/store/pg/pool.ts';
import { freshDatabase } from '../helpers/postgres.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const KEYS: Record<string, string> = {
  members: 'user_id',
  reminders: 'id',
  club_channels: 'id',
  club_tips_posted: 'channel_row, cycle, tip_id',
  deliveries: 'kind, target_id, local_date',
};
const DELIVERIES = COPY_BATCH_ROWS * 2 + 37; // more than one batch, and a partial last one

const open: { close?: () => void; end?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const x of open.splice(0)) {
    x.close?.();
    await x.end?.();
  }
});

function sqliteFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'lumbar-copy-')), 'lumbar.db');
}

/** A SQLite database with a row of every kind, ids with gaps, NULLs and non-ASCII text. */
function populated(path = sqliteFile()): { path: string; db: Db } {
  const db = openDatabase(path);
  open.push(db);
  const t = 1_767_225_600_000;
  const member = db.prepare('INSERT INTO members (user_id, dm_channel_id, dm_status, dm_closed_at, notice_pending, created_at, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?)');
  member.run('111111111111111111', '211111111111111111', 'open', null, 0, t, 'Europe/Zürich'.normalize());
  member.run('111111111111111112', null, 'closed', t + 5, 1, t + 1, null);
  const reminder = db.prepare(
    `INSERT INTO reminders (id, user_id, local_time, time_zone, days, stretch_id, rotation, next_fire_at, next_local_date, paused_until, paused_reason, snooze_at, snooze_of, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  reminder.run(3, '111111111111111111', '07:30', 'Europe/Berlin', 31, null, 4, t + 3_600_000, '2026-01-01', null, null, t + 600_000, '2026-01-01', t);
  reminder.run(17, '111111111111111111', '18:00', 'UTC', 127, 'cat-cow', 0, null, null, t + 86_400_000, 'member', null, null, t + 2);
  reminder.run(40, '111111111111111112', '12:00', 'America/New_York', 96, null, 1, null, null, null, 'dm-closed', null, null, t + 3);
  // A reminder with a routine (migration 008).
  db.prepare("UPDATE reminders SET routine_id = 'desk-break' WHERE id = 40").run();
  const channel = db.prepare(
    `INSERT INTO club_channels (id, guild_id, channel_id, local_time, time_zone, days, role_id, next_fire_at, next_local_date, health, health_reason, health_since, failing_since, shuffle_seed, cycle, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  channel.run(5, '311111111111111111', '411111111111111111', '08:00', 'Asia/Tokyo', 127, '511111111111111111', t + 7, '2026-01-02', 'ok', null, null, null, 2_147_483_647_123, 2, t, t + 9);
  channel.run(9, '311111111111111111', '411111111111111112', '09:15', 'UTC', 62, null, null, null, 'disabled', 'missing access', t + 4, t - 4, 42, 0, t, t);
  const tip = db.prepare('INSERT INTO club_tips_posted (channel_row, cycle, tip_id, posted_at) VALUES (?, ?, ?, ?)');
  tip.run(5, 2, 'hinge-first', t);
  tip.run(5, 2, 'brace «core»', t + 1);
  tip.run(9, 0, 'hinge-first', t + 2);
  const delivery = db.prepare(
    `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, attempts, retry_at, item_id, message_id, error_code, done_at, updated_at, nonce, send_started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    delivery.run('snooze', 3, `2026-01-01T${t + 600_000}`, '111111111111111111', t + 600_000, t, 'claimed', 1, null, 'cat-cow', null, null, null, t, '1234567890123456789', t + 1);
    delivery.run('tip', 5, '2026-01-01', null, t, t, 'retry', 2, t + 60_000, 'hinge-first', null, 50013, null, t, null, null);
    for (let i = 0; i < DELIVERIES - 2; i++) {
      const sent = i % 3 !== 0;
      delivery.run('reminder', 3 + (i % 2) * 14, `day-${String(i).padStart(5, '0')}`, '111111111111111111', t + i, t + i, sent ? 'sent' : 'failed', 1, null, 'cat-cow', sent ? `6${i}` : null, sent ? null : 50007, i % 5 === 0 ? t + i + 1 : null, t + i, null, null);
    }
  })();
  return { path, db };
}

async function target(): Promise<{ url: string; pool: PgPool }> {
  const url = await freshDatabase();
  const pool = await openPostgres(url);
  open.push(pool);
  return { url, pool };
}

async function pgRows(pool: PgPool, table: string): Promise<string> {
  return JSON.stringify((await pool.query(`SELECT * FROM ${table} ORDER BY ${KEYS[table]}`)).rows.map(sorted));
}
function sqliteRows(db: Db, table: string): string {
  return JSON.stringify((db.prepare(`SELECT * FROM ${table} ORDER BY ${KEYS[table]}`).all() as Record<string, unknown>[]).map(sorted));
}
const sorted = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));

describe('copying SQLite into PostgreSQL', () => {
  it('copies every row of every table exactly, ids included', async () => {
    const { db } = populated();
    const { pool } = await target();
    const report = await copySqliteToPostgres(db, pool);
    expect(report.tables).toEqual([
      { name: 'members', rows: 2 },
      { name: 'reminders', rows: 3 },
      { name: 'club_channels', rows: 2 },
      { name: 'club_tips_posted', rows: 3 },
      { name: 'deliveries', rows: DELIVERIES },
    ]);
    expect(Object.keys(KEYS)).toEqual(COPY_TABLES.map((t) => t.name));
    for (const table of Object.keys(KEYS)) expect(await pgRows(pool, table), table).toBe(sqliteRows(db, table));
  });

  it('moves the identity sequences past the copied ids, so new rows do not collide', async () => {
    const { db } = populated();
    const { pool } = await target();
    await copySqliteToPostgres(db, pool);
    const r = await pool.query<{ id: number }>(
      "INSERT INTO reminders (user_id, local_time, time_zone, days, created_at) VALUES ('111111111111111112', '10:00', 'UTC', 1, 0) RETURNING id",
    );
    expect(r.rows[0]?.id).toBe(41);
    const c = await pool.query<{ id: number }>(
      "INSERT INTO club_channels (guild_id, channel_id, local_time, time_zone, days, shuffle_seed, created_at, updated_at) VALUES ('1', '2', '10:00', 'UTC', 1, 1, 0, 0) RETURNING id",
    );
    expect(c.rows[0]?.id).toBe(10);
  });

  it('refuses a target that has rows, says which table, and leaves it untouched', async () => {
    const { db } = populated();
    const { pool } = await target();
    await pool.query(
      "WITH c AS (INSERT INTO club_channels (guild_id, channel_id, local_time, time_zone, days, shuffle_seed, created_at, updated_at) VALUES ('1', '2', '10:00', 'UTC', 1, 1, 0, 0) RETURNING id) INSERT INTO club_tips_posted (channel_row, cycle, tip_id, posted_at) SELECT id, 0, 'x', 1 FROM c",
    );
    const before = await Promise.all(Object.keys(KEYS).map((t) => pgRows(pool, t)));
    const err = await copySqliteToPostgres(db, pool).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyError);
    expect((err as CopyError).exitCode).toBe(2);
    expect((err as CopyError).message).toMatch(/not empty: club_channels, club_tips_posted already have rows/);
    expect(await Promise.all(Object.keys(KEYS).map((t) => pgRows(pool, t)))).toEqual(before);
  });

  it('rolls everything back when a count does not match (a trigger on the target swallows one row)', async () => {
    const { db } = populated();
    const { pool } = await target();
    await pool.query(`CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.local_date = 'day-00007' THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER swallow BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION swallow()');
    const err = await copySqliteToPostgres(db, pool).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyError);
    expect((err as CopyError).exitCode).toBe(1);
    expect((err as CopyError).message).toMatch(new RegExp(`deliveries has ${DELIVERIES} rows in SQLite but ${DELIVERIES - 1} in PostgreSQL`));
    for (const table of Object.keys(KEYS)) expect(await pgRows(pool, table), table).toBe('[]');
  });

  it('refuses a SQLite table it does not know rather than leave it behind', async () => {
    const { db } = populated();
    const { pool } = await target();
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const err = await copySqliteToPostgres(db, pool).catch((e: unknown) => e);
    expect((err as CopyError).message).toMatch(/tables this copy does not know \(notes\)/);
    expect(await pgRows(pool, 'members')).toBe('[]');
  });

  it('refuses a target whose schema version differs', async () => {
    const { db } = populated();
    const { pool } = await target();
    await pool.query('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
    const err = await copySqliteToPostgres(db, pool).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyError);
    expect((err as CopyError).message).toMatch(/schema versions differ: SQLite is at \d+, PostgreSQL at \d+/);
    expect((await pool.query('SELECT count(*)::int AS n FROM members')).rows[0].n).toBe(0);
  });
});

function runCli(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'lumbar-cli-'));
  return spawnSync(TSX, [join(ROOT, 'src/db-copy.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run db:copy', () => {
  it('copies end to end and prints the report, never the password', async () => {
    const { path, db } = populated();
    db.close();
    const url = new URL(await freshDatabase());
    expect(url.password).not.toBe('');
    const r = runCli(['--from', path, '--to', url.toString()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/row counts verified/);
    expect(r.stdout).toMatch(new RegExp(`members: 2\\n  reminders: 3\\n  club_channels: 2\\n  club_tips_posted: 3\\n  deliveries: ${DELIVERIES}\\n`));
    expect(r.stdout).toContain(':***@');
    expect(r.stdout + r.stderr).not.toContain(url.password);
    const again = runCli(['--from', path, '--to', url.toString()]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/not empty: members, reminders, club_channels, club_tips_posted, deliveries already have rows/);
    expect(again.stdout + again.stderr).not.toContain(url.password);
  });

  it('explains a missing --to, a malformed URL and a missing SQLite file (exit 2), never echoing the URL', async () => {
    const noTo = runCli(['--from', 'x.db']);
    expect([noTo.status, noTo.stderr]).toEqual([2, expect.stringMatching(/Say where to copy to with --to\.\nUsage: npm run db:copy/)]);
    const malformed = runCli(['--to', 'postgres://lumbar:s3cret-pw@/nodb']);
    expect([malformed.status, malformed.stderr]).toEqual([2, expect.stringMatching(/--to must be a PostgreSQL URL/)]);
    expect(malformed.stderr).not.toContain('s3cret-pw');
    const missing = runCli(['--from', 'nowhere/lumbar.db', '--to', await freshDatabase()]);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/There is no SQLite database at nowhere\/lumbar\.db/)]);
  });

  it('gives up on an unreachable server with exit 1, never showing the password', () => {
    const { path, db } = populated();
    db.close();
    const r = runCli(['--from', path, '--to', 'postgres://lumbar:hunter2-secret@127.0.0.1:1/lumbar']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/could not be reached after 5 attempts/);
    expect(r.stdout + r.stderr).not.toContain('hunter2-secret');
  }, 60_000);
});
