// The reminder and club repositories' suites, on a real SQLite file (createSqliteStore) and on the real
// PostgreSQL (test/helpers/postgres-setup.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createPgClubRepository, pgClubClaimOps } from '../../src/store/pg/clubs.ts';
import { createPgDeliveryRepository } from '../../src/store/pg/deliveries.ts';
import { migratePg } from '../../src/store/pg/migrate.ts';
import { createPgPool, inTransaction, type PgPool } from '../../src/store/pg/pool.ts';
import { createPgReminderRepository, pgReminderClaimOps } from '../../src/store/pg/reminders.ts';
import type { ClubRepository, DeliveryOps, ReminderRepository } from '../../src/store/repositories.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { clubRepositorySuite } from '../helpers/club-repository-suite.ts';
import { serverUrl } from '../helpers/postgres.ts';
import { reminderRepositorySuite } from '../helpers/reminder-repository-suite.ts';
import { clubSettings, HOUR, newReminder, T0 } from '../helpers/repository-fixtures.ts';

interface Repositories {
  reminders: ReminderRepository;
  clubs: ClubRepository;
  deliveries: DeliveryOps;
}

/** One database, reached through as many connections as a test asks for. */
interface Opened {
  first: Repositories;
  exec(sql: string): Promise<void>;
  another(): Promise<Repositories>;
  close(): Promise<void>;
}

async function sqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-repos-'));
  const path = join(dir, 'lumbar.db');
  const dbs: Db[] = [openDatabase(path)];
  return {
    first: createSqliteStore(dbs[0]!),
    exec: async (sql) => void dbs[0]!.exec(sql),
    another: async () => {
      const db = openDatabase(path);
      dbs.push(db);
      return createSqliteStore(db);
    },
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pgRepositories(pool: PgPool): Repositories {
  return { reminders: createPgReminderRepository(pool), clubs: createPgClubRepository(pool), deliveries: createPgDeliveryRepository(pool) };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database whose default collation is a language's (ICU en-US), as most servers' is, unlike the test
 * server's C: text then sorts in byte order, as on SQLite, only where a query asks for it (COLLATE "C").
 */
async function englishDatabase(): Promise<string> {
  const name = `lumbar_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
  return databaseUrl(name);
}

async function postgres(): Promise<Opened> {
  const url = await englishDatabase();
  const pools: PgPool[] = [createPgPool(url)];
  await migratePg(pools[0]!);
  return {
    first: pgRepositories(pools[0]!),
    exec: async (sql) => void (await pools[0]!.query(sql)),
    another: async () => {
      const pool = createPgPool(url);
      pools.push(pool);
      return pgRepositories(pool);
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
    },
  };
}

for (const [name, open] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
  reminderRepositorySuite(name, async () => {
    const o = await open();
    return { repo: o.first.reminders, deliveries: o.first.deliveries, exec: o.exec, another: async () => (await o.another()).reminders, close: o.close };
  });
  clubRepositorySuite(name, async () => {
    const o = await open();
    return { repo: o.first.clubs, another: async () => (await o.another()).clubs, close: o.close };
  });
}

describe('PostgreSQL claim ops on a claim batch\'s connection', () => {
  it('move rows inside the transaction, and roll back with it', async () => {
    const pool = createPgPool(await englishDatabase());
    try {
      await migratePg(pool);
      const repo = pgRepositories(pool);
      const id = await repo.reminders.add(newReminder());
      const club = await repo.clubs.save(clubSettings());
      const due = T0 + HOUR; // both fixtures' first fire time
      const next = { at: T0 + 25 * HOUR, localDate: '2026-06-04' };
      const batch = (fail: boolean) =>
        inTransaction(pool, async (client) => {
          const [reminders, clubs] = [pgReminderClaimOps(client), pgClubClaimOps(client)];
          expect(await reminders.dueIds(due, 10)).toEqual([id]);
          expect(await reminders.advanceAll([{ id, oldAt: due, next, step: 1 }])).toEqual(new Set([id]));
          expect(await clubs.due(due, 10)).toEqual([club]);
          expect(await clubs.advance(club.id, due, next, T0 + 1)).toBe(true);
          expect(await reminders.dueIds(due, 10)).toEqual([]);
          if (fail) throw new Error('the job failed before its sends');
        });
      await expect(batch(true)).rejects.toThrow('before its sends');
      expect(await repo.reminders.byId(id)).toMatchObject({ next_fire_at: due, rotation: 0 });
      expect(await repo.clubs.byId(club.id)).toEqual(club);
      await batch(false);
      expect(await repo.reminders.byId(id)).toMatchObject({ next_fire_at: next.at, rotation: 1 });
      expect(await repo.clubs.byId(club.id)).toMatchObject({ next_fire_at: next.at, updated_at: T0 + 1 });
    } finally {
      await pool.end();
    }
  });
});
