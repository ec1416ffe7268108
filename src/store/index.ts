// The repositories over one database, created together, and the one way writes wait for a lock.
import { retryWhileBusy, type RetryOptions } from './busy.ts';
import type { Db } from './db.ts';
import { createDeliveryStore } from './deliveries.ts';
import { createClubStore } from './clubs.ts';
import { createReminderStore } from './reminders.ts';

/** A member's write waits this long for another process's lock; the interaction token lasts 15 minutes. */
export const INTERACTION_WRITE_WAIT_MS = 120_000;

export function createStore(db: Db) {
  // No `db` here: the repositories are the only way to SQL, so no caller can write a statement of its own.
  return {
    reminders: createReminderStore(db),
    deliveries: createDeliveryStore(db),
    clubs: createClubStore(db),
    /** Runs a write, retrying without blocking the event loop while another process holds the lock. */
    write<T>(fn: () => T, options: Partial<RetryOptions> = {}): Promise<T> {
      return retryWhileBusy(fn, { maxWaitMs: INTERACTION_WRITE_WAIT_MS, ...options });
    },
  };
}

export type Store = ReturnType<typeof createStore>;
