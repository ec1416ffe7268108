// The benchmark's one table and its JSON: rows added by each section, printed at the end and written to bench/out/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';
import type { Summary } from './stats.ts';

export interface Row {
  area: string;
  measure: string;
  value: string;
  target: string;
  ok: boolean | null;
}

const rows: Row[] = [];
export const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version, loadBefore: loadavg() };

export const ms = (x: number): string => `${x < 1 ? x.toFixed(3) : x.toFixed(1)} ms`;
export const seconds = (x: number): string => `${(x / 1000).toFixed(2)} s`;
export const pct = (s: Summary): string => `p50 ${ms(s.p50)} · p99 ${ms(s.p99)} (n=${s.n})`;
export const mb = (x: number): string => (x >= 1024 ? `${(x / 1024).toFixed(2)} GB` : `${x.toFixed(0)} MB`);

export function add(area: string, measure: string, value: string, target = '', ok: boolean | null = null): void {
  rows.push({ area, measure, value, target, ok });
}

/** Runs a section, recording the load average before and after it. */
export async function section<T>(name: string, title: string, fn: () => Promise<T>): Promise<T> {
  console.log(`${title}…`);
  const before = loadavg()[0]!;
  const t = performance.now();
  const value = await fn();
  results[name] = { ...(value as object), loadavg1Before: before, loadavg1After: loadavg()[0], sectionSeconds: (performance.now() - t) / 1000 };
  return value;
}

export function printAndSave(t0: number): void {
  results.totalSeconds = (performance.now() - t0) / 1000;
  results.loadAfter = loadavg();
  const widths = [30, 48, 66, 13];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' │ ');
  console.log(`\n${line(['area', 'measure', 'value', 'target'])}  ok`);
  console.log('─'.repeat(widths.reduce((a, b) => a + b + 3, 0) + 2));
  for (const r of rows) console.log(`${line([r.area, r.measure, r.value, r.target])}  ${r.ok === null ? '' : r.ok ? '✓' : '✗'}`);
  const load = (l: unknown) => (l as number[]).map((x) => x.toFixed(2)).join(' ');
  console.log(`\nTotal ${Number(results.totalSeconds).toFixed(0)} s on ${process.version}; load average before ${load(results.loadBefore)}, after ${load(results.loadAfter)}.`);
  const outDir = join(ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify({ ...results, table: rows }, null, 2);
  writeFileSync(join(outDir, 'latest.json'), json);
  writeFileSync(join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), json);
  console.log('Written to bench/out/latest.json');
}
