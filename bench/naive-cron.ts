// The naive design for comparison: one node-cron task per reminder. Run in its own process so its
// memory is its own: `tsx bench/naive-cron.ts N` prints {setupMs, rssDeltaMb}.
import cron from 'node-cron';

const n = Number(process.argv[2] ?? 10_000);
const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'UTC'];
globalThis.gc?.();
const before = process.memoryUsage().rss;
const t = performance.now();
const tasks = [];
for (let i = 0; i < n; i++) {
  tasks.push(cron.schedule(`${i % 60} ${Math.floor(i / 60) % 24} * * 1-5`, () => undefined, { timezone: zones[i % zones.length] }));
}
const setupMs = performance.now() - t;
globalThis.gc?.();
const rssDeltaMb = (process.memoryUsage().rss - before) / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ n, setupMs, rssDeltaMb })}\n`);
for (const task of tasks) await task.stop();
process.exit(0);
