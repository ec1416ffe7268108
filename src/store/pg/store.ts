// The repositories over one PostgreSQL pool (repositories.ts). A claim batch holds one pooled connection in a
// transaction; members' writes need no retry loop: PostgreSQL queues them on row locks instead of refusing them.
import type { Store } from '../repositories.ts';
import { createPgClubRepository, pgClubClaimOps } from './clubs.ts';
import { createPgDeliveryRepository, pgDeliveryOps } from './deliveries.ts';
import { inTransaction, type PgPool } from './pool.ts';
import { createPgProcessRepository } from './processes.ts';
import { createPgReminderRepository, pgReminderClaimOps } from './reminders.ts';

export interface PgStoreOptions {
  /** An idle pooled connection failed (the server restarted, a network blip): the pool replaces it. */
  onIdleError?: (err: Error) => void;
}

export function createPgStore(pool: PgPool, o: PgStoreOptions = {}): Store {
  // Without a listener, an idle connection's error would be thrown as an uncaught exception.
  pool.on('error', (err) => o.onIdleError?.(err));
  return {
    backend: 'postgres',
    reminders: createPgReminderRepository(pool),
    clubs: createPgClubRepository(pool),
    deliveries: createPgDeliveryRepository(pool),
    processes: createPgProcessRepository(pool),
    claimBatch: (fn) =>
      inTransaction(pool, (client) => fn({ reminders: pgReminderClaimOps(client), clubs: pgClubClaimOps(client), deliveries: pgDeliveryOps(client) })),
    write: (fn) => fn(),
    close: () => pool.end(),
  };
}
