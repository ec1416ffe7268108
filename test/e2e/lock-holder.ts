// A second process that holds SQLite's write lock on the bot's database (`BEGIN IMMEDIATE`), as a
// backup tool, the sqlite3 shell or a second Lumbar would, until the test releases it.
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './bot-process.ts';

// CommonJS for `node -e`: `require` resolves better-sqlite3 from the repo root (the cwd).
const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { fileMustExist: true });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
const release = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
process.stdin.on('data', release);
setTimeout(release, Number(process.argv[2])); // never outlives the test
`;

export interface LockHolder {
  readonly process: ChildProcess;
  /** Commits and exits; resolves once the process is gone (and the lock with it). */
  release(): Promise<void>;
}

/** Resolves once the other process holds the write lock. */
export async function holdWriteLock(dbPath: string, maxMs = 60_000): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', SCRIPT, dbPath, String(maxMs)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lock holder did not take the lock within 10 s\n${stderr}`)), 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lock holder exited (${code}) before taking the lock\n${stderr}`));
    });
  });
  return {
    process: child,
    async release() {
      if (child.exitCode === null) child.stdin!.end('release\n');
      await exited;
    },
  };
}
