// The node flags and entry point of `npm start`, read from package.json so the benchmarks run the
// bot exactly as users do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';

export function startNodeArgs(): { flags: string[]; entry: string } {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [node, ...args] = start.trim().split(/\s+/);
  if (node !== 'node' || args.length === 0) throw new Error(`npm start is "${start}"; the benchmarks expect "node [flags] <entry>"`);
  return { flags: args.slice(0, -1), entry: join(ROOT, args.at(-1)!) };
}
