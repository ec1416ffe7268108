// The bot as `npm start` runs it (same node flags, dist/src/main.js), for the benchmarks that need a process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';
import { startNodeArgs } from './start-command.ts';

export interface RunningBot {
  child: ChildProcess;
  /** The bot's own pid: node runs dist/src/main.js directly, no wrapper. */
  pid: number;
  startedAt: number;
  /** Milliseconds from spawn to the "Lumbar is ready" log line. */
  ready: Promise<number>;
  rssMb(): number;
  /** The first log line (parsed) whose msg is `msg`, once it comes; rejects after `timeoutMs`. */
  waitForLog(msg: string, timeoutMs: number): Promise<{ time: number; [key: string]: unknown }>;
  /** The last `chars` of what it printed, for failure messages. */
  tail(chars?: number): string;
  stop(): Promise<void>;
}

function logLines(out: string, msg: string): { time: number; msg: string }[] {
  return out
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"msg":${JSON.stringify(msg)}`))
    .map((l) => JSON.parse(l) as { time: number; msg: string });
}

/** Environment for a bot that records its requests' send times to `file` (bench/request-trace.ts, built first). */
export function requestTraceEnv(file: string): Record<string, string> {
  return { REQUEST_TRACE: file, NODE_OPTIONS: `--import ${join(ROOT, 'dist/bench/request-trace.js')}` };
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
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const waitForLog = (msg: string, timeoutMs: number) =>
    new Promise<{ time: number }>((resolve, reject) => {
      const found = () => logLines(out, msg)[0];
      const check = () => {
        const line = found();
        if (!line) return false;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        child.stdout!.off('data', check);
        reject(new Error(`no "${msg}" from the bot in ${timeoutMs} ms:\n${out.slice(-2000)}`));
      }, timeoutMs);
      if (!check()) child.stdout!.on('data', check);
    });
  const ready = new Promise<number>((resolve, reject) => {
    waitForLog('Lumbar is ready', 30_000).then(() => resolve(performance.now() - startedAt), reject);
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before ready:\n${out.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    pid: child.pid!,
    startedAt,
    ready,
    waitForLog,
    tail: (chars = 3000) => out.slice(-chars),
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGCONT'); // a frozen bot (SIGSTOP) cannot act on SIGTERM
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
