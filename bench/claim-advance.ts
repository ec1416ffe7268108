// Claim-and-advance alone (section 3's figure), several runs in one process, for before/after
// comparisons of the calendar: `npx tsx bench/claim-advance.ts [runs] [total rows] [due rows]`.
// Also times the calendar step by itself over the same mix of zones, times and day masks.
import { latestOccurrence } from '../src/time/calendar.ts';
import { benchScheduler, cleanupDb } from './scheduler.ts';
import { summarize, timeSync } from './stats.ts';

const [runs = 5, total = 1_000_000, due = 10_000] = process.argv.slice(2).map(Number);
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Pacific/Chatham'];
const now = Date.parse('2026-11-22T07:30:00Z');

const medians: number[] = [];
for (let run = 0; run < runs; run++) {
  const s = await benchScheduler(total, due);
  cleanupDb(s.dbPath);
  medians.push(s.claimPer1000.p50);
  console.log(`run ${run + 1}: claim-and-advance per 1,000 p50 ${s.claimPer1000.p50.toFixed(1)} ms · p99 ${s.claimPer1000.p99.toFixed(1)} ms (n=${s.claimPer1000.n})`);
}

// The calendar step of a claim, 1,000 due rows at a time, as the seed lays them out.
const rows = Array.from({ length: 1000 }, (_, i) => {
  const minute = i % (24 * 60);
  const row = { time_zone: ZONES[i % ZONES.length]!, local_time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, days: (i % 127) + 1 };
  return { row, current: { at: now - 1000 - i, localDate: '2026-11-22' } };
});
const calendar = timeSync(() => {
  for (const { row, current } of rows) latestOccurrence(current, now, row);
}, 200, 20);
console.log(`calendar step per 1,000 rows: p50 ${calendar.p50.toFixed(2)} ms · p99 ${calendar.p99.toFixed(2)} ms`);
console.log(JSON.stringify({ claimPer1000MedianOfRuns: summarize(medians).p50, runs: medians, calendarPer1000: calendar }));
