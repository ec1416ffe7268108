// SQLite behind the asynchronous repositories (repositories.ts): each method runs the synchronous statement
// of reminders.ts, clubs.ts or deliveries.ts. One connection has one transaction, so while a claim batch is
// open (BEGIN IMMEDIATE … COMMIT around an async callback) every other call on this store waits for it:
// nothing from outside the batch can land inside it or be rolled back with it.
import { retryWhileBusy } from './busy.ts';
import { createClubStore } from './clubs.ts';
import type { Db } from './db.ts';
import { createDeliveryStore } from './deliveries.ts';
import { createProcessStore } from './processes.ts';
import { createReminderStore } from './reminders.ts';
import type { ClubRepository, DeliveryRepository, ProcessRepository, ReminderRepository, Store, StoreTx } from './repositories.ts';

/** A member's write waits this long for another process's lock; the interaction token lasts 15 minutes. */
export const INTERACTION_WRITE_WAIT_MS = 120_000;

type Method = (...args: never[]) => unknown;
type Async<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** The same methods, each returning a promise; `before` runs first (waiting for an open batch). */
function asAsync<T extends object>(sync: T, before: () => Promise<void> = async () => {}): Async<T> {
  const entries = Object.entries(sync as Record<string, Method>).map(([name, fn]) => [
    name,
    async (...args: never[]) => {
      await before();
      return fn(...args);
    },
  ]);
  return Object.fromEntries(entries) as Async<T>;
}

function syncStores(db: Db) {
  const { claimBatch: _sync, ...deliveries } = createDeliveryStore(db);
  return { reminders: createReminderStore(db), clubs: createClubStore(db), deliveries, processes: createProcessStore(db) };
}

export function createSqliteStore(db: Db): Store {
  const sync = syncStores(db);
  const inside: StoreTx = { reminders: asAsync(sync.reminders), clubs: asAsync(sync.clubs), deliveries: asAsync(sync.deliveries) };
  let open: Promise<void> | null = null;
  const afterBatch = async (): Promise<void> => {
    while (open) await open;
  };
  return {
    backend: 'sqlite',
    reminders: asAsync(sync.reminders, afterBatch) satisfies ReminderRepository,
    clubs: asAsync(sync.clubs, afterBatch) satisfies ClubRepository,
    deliveries: asAsync(sync.deliveries, afterBatch) satisfies DeliveryRepository,
    processes: asAsync(sync.processes, afterBatch) satisfies ProcessRepository,
    async claimBatch(fn) {
      await afterBatch();
      let release = (): void => {};
      open = new Promise((resolve) => (release = resolve));
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await fn(inside);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        open = null;
        release();
      }
    },
    write: (fn, options = {}) => retryWhileBusy(fn, { maxWaitMs: INTERACTION_WRITE_WAIT_MS, ...options }),
    close: async () => {
      db.close();
    },
  };
}
