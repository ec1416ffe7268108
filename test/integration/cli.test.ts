// The entry points as a newcomer runs them: `npm start` without a token, and `npm run try`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUrl } from '../helpers/postgres.ts';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { allPictures } from '../../src/render/pictures/strip.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
// Shaped like a bot token, but not one: start-up stops before it reaches Discord.
const TOKEN = 'MTAxMjM0NTY3ODkwMTIzNDU2Nw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

/** Runs a script from a scratch folder (so no .env is picked up) with only the given variables. */
function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'lumbar-cli-'));
  const result = spawnSync(TSX, [join(ROOT, script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result, cwd };
}

describe('npm start', () => {
  it('without a token exits 2 and explains how to get one', () => {
    const r = runScript('src/main.ts', []);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(r.stderr).toMatch(/discord\.com\/developers\/applications/);
    expect(r.stderr).toMatch(/npm run try/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('with malformed settings lists each one, never echoing the token', () => {
    const secret = 'definitely-not-a-token-1234567890';
    const r = runScript('src/main.ts', [], { DISCORD_TOKEN: secret, LOG_LEVEL: 'loud', DISCORD_GUILD_ID: 'abc' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/3 settings need attention/);
    expect(r.stderr + r.stdout).not.toContain(secret);
  });

  it('with a malformed DATABASE_URL exits 2 and never prints its password', () => {
    const password = 'sup3r-secret-pw';
    const r = runScript('src/main.ts', [], { DISCORD_TOKEN: TOKEN, DATABASE_URL: `postgres://lumbar:${password}@db.example.com:notaport/lumbar` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(r.stderr + r.stdout).not.toContain(password);
  });

  it('with DATABASE_URL naming a database the server lacks exits 2 with the fix, never its password, and touches no SQLite file', () => {
    const url = new URL(serverUrl());
    url.pathname = '/lumbar_missing_database';
    const r = runScript('src/main.ts', [], { DISCORD_TOKEN: TOKEN, DATABASE_URL: url.toString(), DATABASE_PATH: 'db/lumbar.db' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/could not use the PostgreSQL server at 127\.0\.0\.1:\d+\/lumbar_missing_database as postgres[\s\S]*Fix:/);
    expect(r.stderr + r.stdout).not.toContain(decodeURIComponent(url.password));
    expect(existsSync(join(r.cwd, 'db'))).toBe(false);
  });

  it('creates the database folder only once the settings are valid', () => {
    const r = runScript('src/main.ts', [], { DATABASE_PATH: 'nested/dir/lumbar.db' });
    expect(r.status).toBe(2);
    expect(existsSync(join(r.cwd, 'nested/dir'))).toBe(false);
  });
});

describe('npm run try', () => {
  it('prints the deadlift card for /backpain activity:dl', () => {
    const r = runScript('src/try.ts', ['/backpain', 'activity:dl']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Back pain after deadlift: Overview/);
    expect(r.stdout).toMatch(/Sources/);
    expect(r.stdout).toMatch(/\/redflags/);
  });

  it('passes every option, and prints raw JSON with --json', () => {
    const r = runScript('src/try.ts', ['/backpain', 'activity:jogging', 'section:relief', 'share:true', '--json']);
    expect(r.status).toBe(0);
    const payload = JSON.parse(r.stdout);
    expect(payload.ephemeral).toBe(false);
    expect(payload.embeds[0].title).toMatch(/running: What helps now/);
  });

  it('runs the other knowledge commands and autocomplete', () => {
    expect(runScript('src/try.ts', ['/stretch', 'name:piriformis']).stdout).toMatch(/How to do it/);
    expect(runScript('src/try.ts', ['/redflags']).stdout).toMatch(/999/);
    expect(runScript('src/try.ts', ['/about']).stdout).toMatch(/What Lumbar stores about you/);
    expect(runScript('src/try.ts', ['/backpain', 'activity:tramp', '--autocomplete']).stdout).toMatch(/→\s+jumping/);
  });

  it('writes the pictures a reply would attach to a new temporary folder and prints their paths', () => {
    const { knowledge } = loadKnowledgeBase();
    const picture = allPictures(knowledge).stretches.get('piriformis-stretch')!;
    const r = runScript('src/try.ts', ['/stretch', 'name:piriformis']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('attachment://piriformis-stretch.png');
    const path = /(\S*lumbar-try-[^/\s]+\/piriformis-stretch\.png)/.exec(r.stdout)?.[1];
    expect(path?.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(path!).equals(picture.png)).toBe(true);
    expect(r.stdout).toContain(`alt: ${picture.alt}`);
    // --json names each file by where it was saved, not by its bytes.
    const json = JSON.parse(runScript('src/try.ts', ['/stretch', 'routine:desk-break', '--json']).stdout);
    expect(json.files).toEqual([{ name: 'cross-body-arm-swing.png', description: expect.stringMatching(/^Cross-body arm swing\. /), bytes: expect.any(Number), savedAt: expect.stringMatching(/cross-body-arm-swing\.png$/) }]);
    expect(existsSync(json.files[0].savedAt)).toBe(true);
    expect(runScript('src/try.ts', ['/stretch', 'name:piriformis']).stdout).not.toContain(path);
  });

  it('answers bad input the way the bot would, without a stack trace', () => {
    const r = runScript('src/try.ts', ['/backpain', 'activity:dl', 'section:everything']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/section.*can be one of/);
    const unknown = runScript('src/try.ts', ['/nosuchcommand']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command/);
  });
});
