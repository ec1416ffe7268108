// Lumbar's side of the comparison: open a database of N reminders and start the one scheduler
// task. `tsx bench/lumbar-setup.ts DB_PATH` prints {setupMs, rssDeltaMb}.
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/base/logger.ts';
import { createReminderJob } from '../src/reminders/job.ts';
import { createScheduler } from '../src/delivery/scheduler.ts';
import { openDatabase } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';
import { stubMessenger, withPictures } from './stub-messenger.ts';

const knowledge = loadKnowledgeBase().knowledge;
globalThis.gc?.();
const before = process.memoryUsage().rss;
const t = performance.now();
const db = openDatabase(process.argv[2] ?? ':memory:');
const store = createStore(db);
const logger = createLogger('silent');
const job = createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, ...withPictures(knowledge), messenger: stubMessenger, logger });
const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(Date.parse('2026-11-20T00:00:00Z')), logger });
scheduler.start();
const setupMs = performance.now() - t;
globalThis.gc?.();
const rssDeltaMb = (process.memoryUsage().rss - before) / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ setupMs, rssDeltaMb })}\n`);
await scheduler.stop();
db.close();
process.exit(0);
