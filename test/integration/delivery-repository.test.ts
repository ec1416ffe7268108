// The delivery repository's one suite, on a real SQLite file and on the real PostgreSQL (test/helpers/postgres-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createSqliteDeliveryRepository } from '../../src/store/delivery-repository.ts';
import { createPgDeliveryRepository } from '../../src/store/pg/deliveries.ts';
import { migratePg } from '../../src/store/pg/migrate.ts';
import { createPgPool, type PgPool } from '../../src/store/pg/pool.ts';
import { deliveryRepositorySuite } from '../helpers/delivery-repository-suite.ts';
import { freshDatabase } from '../helpers/postgres.ts';

deliveryRepositorySuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-repo-'));
  const path = join(dir, 'lumbar.db');
  const dbs: Db[] = [openDatabase(path)];
  return {
    repo: createSqliteDeliveryRepository(dbs[0]!),
    another: async () => {
      const db = openDatabase(path);
      dbs.push(db);
      return createSqliteDeliveryRepository(db);
    },
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

deliveryRepositorySuite('PostgreSQL', async () => {
  const url = await freshDatabase();
  const pools: PgPool[] = [createPgPool(url)];
  await migratePg(pools[0]!);
  return {
    repo: createPgDeliveryRepository(pools[0]!),
    another: async () => {
      const pool = createPgPool(url);
      pools.push(pool);
      return createPgDeliveryRepository(pool);
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
    },
  };
});
