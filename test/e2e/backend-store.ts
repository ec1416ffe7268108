// Lumbar's own store over the database the harness gives the bot (SQLite file or PostgreSQL), for tests that
// seed it before the bot starts or drive a scheduler in process.
import { openDatabase } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/pg/open.ts';
import { createPgStore } from '../../src/store/pg/store.ts';
import type { Store } from '../../src/store/repositories.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { E2eHarness } from './harness.ts';

/** Opened (and migrated) the way the bot opens it; close it before the bot owns a SQLite file. */
export async function storeOf(h: E2eHarness): Promise<Store> {
  return h.databaseUrl ? createPgStore(await openPostgres(h.databaseUrl)) : createSqliteStore(openDatabase(h.dbPath));
}
