// The sender lease and claim ownership with real schedulers, on a SQLite file and on the real PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/pg/open.ts';
import { createPgStore } from '../../src/store/pg/store.ts';
import type { Store } from '../../src/store/repositories.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { senderSuite } from '../helpers/sender-suite.ts';

senderSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-sender-'));
  const stores: Store[] = [];
  return {
    open: async () => {
      const store = createSqliteStore(openDatabase(join(dir, 'lumbar.db')));
      stores.push(store);
      return store;
    },
    close: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

senderSuite('PostgreSQL', async () => {
  const url = await freshDatabase();
  const stores: Store[] = [];
  return {
    open: async () => {
      const store = createPgStore(await openPostgres(url));
      stores.push(store);
      return store;
    },
    close: async () => {
      for (const s of stores) await s.close();
    },
  };
});
