// Lumbar as a child process, started the way a user starts it (`tsx src/main.ts` from the repo root, or
// `npm start`), configured through the environment only. Its JSON log lines (pino, stdout) are parsed so tests
// can wait for them; every wait is bounded and fails with the last lines the bot printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface LogLine {
  level: number;
  time: number;
  msg?: string;
  [key: string]: unknown;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotOptions {
  /** The local Discord: its token becomes DISCORD_TOKEN, `${url}/api` DISCORD_API_URL. */
  discord: { url: string; token: string };
  databasePath: string;
  /** More variables, or overrides (SCHEDULER_TICK_SECONDS, LUMBAR_START_TIME, a wrong DISCORD_TOKEN…). */
  env?: Record<string, string>;
  /** `tsx` (node_modules/.bin/tsx src/main.ts, the default) or `npm` (npm start): the same entry point. */
  via?: 'tsx' | 'npm';
  /** For failure messages. */
  name?: string;
}

const running = new Set<BotProcess>();

export class BotProcess {
  readonly pid: number;
  readonly name: string;
  readonly spawnedAt = Date.now();
  /** Real time the "Lumbar is ready" line arrived. */
  readyAt: number | null = null;
  readonly logs: LogLine[] = [];
  /** Every stdout line, JSON or not, and stderr as text. */
  readonly lines: string[] = [];
  stderr = '';
  exitInfo: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private partial = '';

  constructor(options: BotOptions) {
    this.name = options.name ?? 'bot';
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: options.discord.token,
      DISCORD_API_URL: `${options.discord.url}/api`,
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: 'debug',
      // Blank (= default) so a developer's .env in the repo root cannot change what the tests run.
      DISCORD_GUILD_ID: '',
      SCHEDULER_TICK_SECONDS: '',
      LUMBAR_START_TIME: '',
      HISTORY_DAYS: '',
      SHARD_COUNT: '',
      SHARD_IDS: '',
      ...options.env,
    };
    const [command, args] = options.via === 'npm' ? ['npm', ['start']] : [TSX, ['src/main.ts']];
    // Its own process group: tsx (and npm) run the bot in a child process, and SIGKILL must reach all of them.
    this.child = spawn(command, args as string[], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (this.child.pid === undefined) throw new Error(`${this.name}: could not start ${command}`);
    this.pid = this.child.pid;
    running.add(this);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        running.delete(this);
        resolve(this.exitInfo);
      });
    });
  }

  private onStdout(chunk: string): void {
    this.partial += chunk;
    const parts = this.partial.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.trim()) continue;
      this.lines.push(line);
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as LogLine;
        this.logs.push(parsed);
        if (parsed.msg === 'Lumbar is ready') this.readyAt ??= Date.now();
      } catch {
        // not a log line
      }
    }
  }

  /** Everything the bot printed, for "never prints the token" checks. */
  get output(): string {
    return `${this.lines.join('\n')}\n${this.partial}\n${this.stderr}`;
  }

  /** The last lines printed (stdout and stderr), for failure messages. */
  tail(n = 15): string {
    const out = [...this.lines, ...(this.partial ? [this.partial] : [])].slice(-n).join('\n');
    const err = this.stderr.trim().split('\n').slice(-n).join('\n');
    return `--- last stdout lines of ${this.name} (pid ${this.pid}) ---\n${out || '(none)'}${err ? `\n--- stderr ---\n${err}` : ''}`;
  }

  /** Resolves with the first log line (from `from` on) that matches; bounded, and early failure if the bot exits. */
  async waitForLog(match: string | RegExp | ((line: LogLine) => boolean), timeoutMs = 15_000, from = 0): Promise<LogLine> {
    const test = typeof match === 'function' ? match : (l: LogLine) => (typeof match === 'string' ? l.msg === match : match.test(l.msg ?? ''));
    const what = typeof match === 'function' ? 'the expected log line' : `the log line ${String(match)}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.slice(from).find(test);
      if (found) return found;
      if (this.exitInfo) throw new Error(`${this.name} exited (code ${this.exitInfo.code}, signal ${this.exitInfo.signal}) before ${what}\n${this.tail()}`);
      if (Date.now() >= deadline) throw new Error(`${this.name}: ${what} did not appear within ${timeoutMs} ms\n${this.tail()}`);
      await sleep(20);
    }
  }

  async waitForReady(timeoutMs = 15_000): Promise<LogLine> {
    return await this.waitForLog('Lumbar is ready', timeoutMs);
  }

  async waitForExit(timeoutMs = 15_000): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM (tsx passes it on to the bot), then SIGKILL to the whole group if it has not exited in time. */
  async stop(timeoutMs = 5000): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.signal('SIGTERM', false);
    try {
      return await this.waitForExit(timeoutMs);
    } catch {
      return await this.kill();
    }
  }

  /** SIGKILL to the bot and its launcher, at once: no shutdown code runs. */
  async kill(): Promise<ExitInfo> {
    this.signal('SIGKILL', true);
    const info = await this.waitForExit(5000);
    // The group may outlive the launcher for a moment; make sure nothing of it keeps running.
    this.signal('SIGKILL', true);
    return info;
  }

  /** SIGSTOP / SIGCONT to the whole group: the bot frozen in place (as a machine cut off would be), then woken. */
  freeze(frozen: boolean): void {
    this.signal(frozen ? 'SIGSTOP' : 'SIGCONT', true);
  }

  private signal(signal: NodeJS.Signals, group: boolean): void {
    try {
      process.kill(group ? -this.pid : this.pid, signal);
    } catch {
      // already gone
    }
  }
}

export function startBot(options: BotOptions): BotProcess {
  return new BotProcess(options);
}

/** Stops every bot still running (SIGTERM, then SIGKILL): for afterEach/afterAll, even after a failure. */
export async function stopAllBots(): Promise<void> {
  await Promise.all([...running].map((bot) => bot.stop()));
}

// A test runner that dies must not leave bots behind.
process.once('exit', () => {
  for (const bot of running) {
    try {
      process.kill(-bot.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

const tempDirs: string[] = [];

export function tempDir(prefix = 'lumbar-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
