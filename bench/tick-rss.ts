// A fresh process that opens (a copy of) the seeded 1M-row database as the bot would, runs one tick over
// its 10,000 due reminders (sends stubbed), and prints its RSS: `node dist/bench/tick-rss.js DB_PATH`.
import { copyFileSync, rmSync } from 'node:fs';
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/base/logger.ts';
import { createReminderJob } from '../src/reminders/job.ts';
import { createScheduler } from '../src/delivery/scheduler.ts';
import { openDatabase } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';
import { stubMessenger, withPictures } from './stub-messenger.ts';

const path = `${process.argv[2]!}.tick.db`;
copyFileSync(process.argv[2]!, path);
const db = openDatabase(path);
const at = Date.parse('2026-11-22T07:30:00Z'); // the seeded rows' due time
const store = createStore(db);
const logger = createLogger('silent');
const job = createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, ...withPictures(loadKnowledgeBase().knowledge), messenger: stubMessenger, logger });
const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(at), logger });
const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
const t = performance.now();
const stats = await scheduler.tick();
const tickMs = performance.now() - t;
const rssPeakMb = process.memoryUsage().rss / 1024 / 1024;
// What stays once the collector has run: the tick's garbage is not what the bot keeps.
globalThis.gc?.();
const rssMb = process.memoryUsage().rss / 1024 / 1024;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
db.close();
rmSync(path, { force: true });
process.stdout.write(`${JSON.stringify({ rssMb, tickMs, sent: stats.sent, rssBeforeMb, rssPeakMb, heapMb })}\n`);
