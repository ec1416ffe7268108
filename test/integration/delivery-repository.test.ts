// The delivery repository's one suite, on a real SQLite file and on the real PostgreSQL (test/helpers/postgres-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createPgDeliveryRepository, pgDeliveryOps } from '../../src/store/pg/deliveries.ts';
import { migratePg } from '../../src/store/pg/migrate.ts';
import { createPgProcessRepository } from '../../src/store/pg/processes.ts';
import { createPgPool, inTransaction, type PgPool } from '../../src/store/pg/pool.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { deliveryRepositorySuite, type Backend, type DeliveryRepository } from '../helpers/delivery-repository-suite.ts';
import { ownershipSuite } from '../helpers/ownership-suite.ts';

function createSqliteDeliveryRepository(db: Db): DeliveryRepository {
  const store = createSqliteStore(db);
  return { ...store.deliveries, claimBatch: (fn) => store.claimBatch((tx) => fn(tx.deliveries)) };
}

function createPgDeliveries(pool: PgPool): DeliveryRepository {
  return { ...createPgDeliveryRepository(pool), claimBatch: (fn) => inTransaction(pool, (client) => fn(pgDeliveryOps(client))) };
}
import { freshDatabase } from '../helpers/postgres.ts';

const openSqlite = async (): Promise<Backend> => {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-repo-'));
  const path = join(dir, 'lumbar.db');
  const dbs: Db[] = [openDatabase(path)];
  return {
    repo: createSqliteDeliveryRepository(dbs[0]!),
    processes: createSqliteStore(dbs[0]!).processes,
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
};

const openPostgres = async (): Promise<Backend> => {
  const url = await freshDatabase();
  const pools: PgPool[] = [createPgPool(url)];
  await migratePg(pools[0]!);
  return {
    repo: createPgDeliveries(pools[0]!),
    processes: createPgProcessRepository(pools[0]!),
    another: async () => {
      const pool = createPgPool(url);
      pools.push(pool);
      return createPgDeliveries(pool);
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
    },
  };
};

deliveryRepositorySuite('SQLite', openSqlite);
ownershipSuite('SQLite', openSqlite);
deliveryRepositorySuite('PostgreSQL', openPostgres);
ownershipSuite('PostgreSQL', openPostgres);
