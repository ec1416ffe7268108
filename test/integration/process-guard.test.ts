// The process guard in a real process: errors that escape are logged and the process runs on; a damaged
// database stops it cleanly with exit code 1.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { createProcessGuard, isFatal } from '../../src/process-guard.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function run(mode: string) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/helpers/guarded-process.ts'), mode], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  const logs = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string; source?: string; err?: { message?: string } });
  return { ...r, logs };
}

describe('the process guard', () => {
  it('logs a rejected promise, a throw in a timer and a throwing listener, and keeps running', () => {
    const r = run('survive');
    expect(r.status, r.stderr).toBe(0);
    const escaped = r.logs.filter((l) => l.msg === 'an error escaped its handler; the bot carries on');
    expect(escaped.map((l) => [l.source, l.err?.message])).toEqual([
      ['unhandledRejection', 'a promise nobody awaited'],
      ['uncaughtException', 'a timer threw'],
      ['interactionCreate', 'a listener threw'],
    ]);
    expect(r.logs.at(-1)?.msg).toBe('still running');
    expect(r.stderr).toBe('');
  });

  it('stops cleanly with exit code 1 when the database is damaged', () => {
    const r = run('fatal');
    expect(r.status, r.stderr).toBe(1);
    // Both lines, in either order: the pipe to this test does not promise their order under load.
    expect(r.logs.map((l) => l.msg).sort()).toEqual(['stopping cleanly', 'the database is gone or damaged; stopping (restart Lumbar to see what is wrong)']);
    expect(r.logs.find((l) => l.level === 60)).toMatchObject({ source: 'uncaughtException' });
  });
});

describe('guard.listener', () => {
  it('catches an async listener and asks for one stop, however many fatal errors follow', async () => {
    const stops: number[] = [];
    const guard = createProcessGuard(createLogger('silent'), (code) => stops.push(code));
    const damaged = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
    const listener = guard.listener('guildDelete', async () => {
      throw damaged;
    });
    listener();
    listener();
    await new Promise((done) => setImmediate(done));
    expect(stops).toEqual([1]);
  });

  it('counts only a broken database as fatal', () => {
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN']) {
      expect(isFatal(Object.assign(new Error(code), { code })), code).toBe(true);
    }
    for (const err of [new Error('plain'), Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }), Object.assign(new Error('full'), { code: 'SQLITE_FULL' }), { code: 50013 }, null, 'text']) {
      expect(isFatal(err), String(err)).toBe(false);
    }
  });
});
