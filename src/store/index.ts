// The store's front door: the repositories as one asynchronous interface (repositories.ts), over SQLite here
// (sqlite-store.ts) or PostgreSQL (pg/).
export { createSqliteStore as createStore, INTERACTION_WRITE_WAIT_MS } from './sqlite-store.ts';
export type { Store, StoreTx, ReminderRepository, ClubRepository, DeliveryRepository, DeliveryOps } from './repositories.ts';
