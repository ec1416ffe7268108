// `npm start` with DATABASE_PATH pointing at something that cannot be Lumbar's database: the real entry
// point exits 2 with one message naming the file and the fix, and no stack trace. DISCORD_API_URL points
// at a port nothing listens on, so a bot that wrongly started would fail to connect and exit 1 instead.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badDatabasePaths, lumbarDatabase } from '../helpers/bad-databases.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
// Shaped like a bot token so the settings pass; the emulator is not running, so it is never sent anywhere.
const FAKE_TOKEN = `${'A'.repeat(24)}.${'B'.repeat(6)}.${'C'.repeat(27)}`;
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

const root = mkdtempSync(join(tmpdir(), 'lumbar-baddb-'));
chmodSync(root, 0o755); // the read-only case runs the bot as another user, who must reach these folders
const dir = (name: string) => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true, mode: 0o755 });
  return d;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The bot's entry point from a scratch folder (no .env), optionally as another user; resolves when it exits. */
function start(databasePath: string, uid?: number): Promise<Run> {
  const child = spawn(TSX, [join(ROOT, 'src/main.ts')], {
    cwd: dir('cwd'),
    env: { PATH: process.env.PATH ?? '', HOME: root, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: 'http://127.0.0.1:9/api', DATABASE_PATH: databasePath },
    timeout: 30_000,
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  const run: Run = { status: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (c: string) => (run.stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (run.stderr += c));
  return new Promise((done) => child.once('close', (status) => done({ ...run, status })));
}

function expectRefused(r: Run, path: string, says: RegExp) {
  const output = `${r.stdout}${r.stderr}`;
  expect(r.status, output).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(says);
  expect(r.stderr).toContain(resolve(path));
  expect(r.stderr).toMatch(/^Lumbar cannot start: .*\nFix: .+\n$/s);
  expect(r.stderr.trim().split('\n')).toHaveLength(2);
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
}

describe('npm start with a bad DATABASE_PATH exits 2 with the problem and the fix', () => {
  for (const [name, { path, says }] of Object.entries(badDatabasePaths(dir))) {
    it(name, async () => expectRefused(await start(path), path, says));
  }

  // Root ignores permission bits, so as root the bot runs as "nobody" here: then the file or folder is
  // truly read-only for it. Before, a read-only file started "ready" and then failed every write.
  const asOtherUser = isRoot ? NOBODY : undefined;
  it('a database file the bot cannot write', async () => {
    const path = lumbarDatabase(dir('readonly-file'));
    chmodSync(dirname(path), 0o777);
    chmodSync(path, 0o444);
    expectRefused(await start(path, asOtherUser), path, /is not writable: the file .* is read-only/);
  });

  it('a folder the bot cannot write (SQLite needs it for the -wal and -shm files)', async () => {
    const path = lumbarDatabase(dir('readonly-folder'));
    chmodSync(path, 0o666);
    chmodSync(dirname(path), 0o555);
    try {
      expectRefused(await start(path, asOtherUser), path, /is not writable: its folder .* is read-only/);
    } finally {
      chmodSync(dirname(path), 0o755); // so the clean-up can remove it
    }
  });
});
