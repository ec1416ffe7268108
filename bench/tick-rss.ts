// A fresh process that opens the 1M-row database as the bot would, runs one tick over a fresh set of
// 10,000 due reminders (sends stubbed), and prints its RSS: `tsx bench/tick-rss.ts DB_PATH`.
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/logger.ts';
import { createReminderJob } from '../src/schedule/reminder-job.ts';
import { createScheduler } from '../src/schedule/scheduler.ts';
import { openDatabase } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';

const db = openDatabase(process.argv[2]!);
// Make 10,000 other rows due a day later than the seeded ones, so this tick has fresh work.
const at = Date.parse('2026-11-23T07:30:00Z');
db.prepare("UPDATE reminders SET next_fire_at = ?, next_local_date = '2026-11-23' WHERE id > 20000 AND id <= 30000").run(at - 500);
const store = createStore(db);
const logger = createLogger('silent');
const messenger = { openDm: async () => 'dm', send: async () => ({ id: '1' }), recent: async () => [], botUserId: () => 'bot', botPermissionsIn: () => null };
const job = createReminderJob({ db, reminders: store.reminders, deliveries: store.deliveries, knowledge: loadKnowledgeBase().knowledge, messenger, logger });
const scheduler = createScheduler({ db, deliveries: store.deliveries, jobs: [job], clock: () => new Date(at), logger });
const t = performance.now();
const stats = await scheduler.tick();
const tickMs = performance.now() - t;
const rssMb = process.memoryUsage().rss / 1024 / 1024;
db.close();
process.stdout.write(`${JSON.stringify({ rssMb, tickMs, sent: stats.sent })}\n`);
