// The bot as `npm start` runs it (same node flags, dist/src/main.js), for the benchmarks that need a process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from '../src/base/paths.ts';
import { startNodeArgs } from './start-command.ts';

export interface RunningBot {
  child: ChildProcess;
  startedAt: number;
  /** Milliseconds from spawn to the "Lumbar is ready" log line. */
  ready: Promise<number>;
  rssMb(): number;
  stop(): Promise<void>;
}

export function startBuiltBot(env: Record<string, string>): RunningBot {
  const startedAt = performance.now();
  const { flags, entry } = startNodeArgs();
  const child = spawn(process.execPath, [...flags, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot not ready in 30 s:\n${out.slice(-2000)}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"Lumbar is ready"')) {
        clearTimeout(timer);
        resolve(performance.now() - startedAt);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before ready:\n${out.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    startedAt,
    ready,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
