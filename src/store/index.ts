// The repositories over one database, created together.
import type { Db } from './db.ts';
import { createDeliveryStore } from './deliveries.ts';
import { createClubStore } from './clubs.ts';
import { createReminderStore } from './reminders.ts';

export function createStore(db: Db) {
  return { db, reminders: createReminderStore(db), deliveries: createDeliveryStore(db), clubs: createClubStore(db) };
}

export type Store = ReturnType<typeof createStore>;
