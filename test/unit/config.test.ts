import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, MISSING_TOKEN_HELP, parseConfig, readEnv, redactDatabaseUrl, requireToken } from '../../src/app/config.ts';

// Shaped like a bot token, but not one.
const TOKEN = 'MTAxMjM0NTY3ODkwMTIzNDU2Nw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    requireToken(parseConfig(env));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe('config', () => {
  it('accepts a minimal valid environment and fills defaults', () => {
    const config = requireToken(parseConfig({ DISCORD_TOKEN: TOKEN }));
    expect(config.DATABASE_PATH).toBe('data/lumbar.db');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.DISCORD_API_URL).toBeUndefined();
    expect(config.HISTORY_DAYS).toBe(90);
    expect(parseConfig({ HISTORY_DAYS: '365' }).HISTORY_DAYS).toBe(365);
  });

  it('treats empty values as unset, as a copied .env.example has them', () => {
    const config = parseConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '', DISCORD_API_URL: ' ', LOG_LEVEL: '' });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.DISCORD_API_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('explains how to get a token when it is missing', () => {
    const problems = problemsOf({});
    expect(problems).toEqual([MISSING_TOKEN_HELP]);
    expect(MISSING_TOKEN_HELP).toMatch(/developers\/applications/);
    expect(MISSING_TOKEN_HELP).toMatch(/\.env/);
    expect(MISSING_TOKEN_HELP).toMatch(/npm run try/);
  });

  it('rejects a malformed token without echoing it', () => {
    const secret = 'not-a-token-but-secret-looking-value';
    const problems = problemsOf({ DISCORD_TOKEN: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DISCORD_TOKEN does not look like a bot token/);
    expect(problems.join('\n')).not.toContain(secret);
  });

  it('catches a pasted "Bot " prefix and says to remove it', () => {
    const problems = problemsOf({ DISCORD_TOKEN: `Bot ${TOKEN}` });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/starts with "Bot "/);
    expect(problems[0]).not.toContain(TOKEN);
  });

  it.each([
    ['DISCORD_GUILD_ID', 'my-server', /DISCORD_GUILD_ID must be a server id/],
    ['DISCORD_API_URL', 'localhost:8787', /DISCORD_API_URL must be an http\(s\) URL/],
    ['DISCORD_API_URL', 'ftp://127.0.0.1/api', /DISCORD_API_URL must be an http\(s\) URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['SCHEDULER_TICK_SECONDS', '0', /SCHEDULER_TICK_SECONDS must be a whole number/],
    ['SCHEDULER_TICK_SECONDS', 'often', /SCHEDULER_TICK_SECONDS must be a whole number/],
    ['SCHEDULER_TICK_SECONDS', '2.5', /SCHEDULER_TICK_SECONDS must be a whole number/],
    ['HISTORY_DAYS', '0', /HISTORY_DAYS must be a whole number of days from 1 to 3650/],
    ['HISTORY_DAYS', '3651', /HISTORY_DAYS must be a whole number of days from 1 to 3650/],
    ['HISTORY_DAYS', 'forever', /HISTORY_DAYS must be a whole number of days from 1 to 3650/],
    ['LUMBAR_START_TIME', 'yesterday', /LUMBAR_START_TIME must be an ISO date-time/],
  ])('names the problem and its fix for a malformed %s', (name, value, message) => {
    const problems = problemsOf({ DISCORD_TOKEN: TOKEN, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(/Fix:/);
  });

  it('reports every problem at once', () => {
    expect(() => parseConfig({ DISCORD_GUILD_ID: 'x', LOG_LEVEL: 'loud', DISCORD_API_URL: 'nope' })).toThrow(ConfigError);
    try {
      parseConfig({ DISCORD_GUILD_ID: 'x', LOG_LEVEL: 'loud', DISCORD_API_URL: 'nope' });
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(3);
      expect((err as ConfigError).message).toMatch(/3 settings need attention/);
    }
  });

  it('normalizes the API URL and log level', () => {
    const config = parseConfig({ DISCORD_API_URL: 'http://127.0.0.1:8787/api/', LOG_LEVEL: 'DEBUG' });
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:8787/api');
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('reads .env beneath the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumbar-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, `DISCORD_TOKEN=${TOKEN}\nLOG_LEVEL=debug\nDATABASE_PATH=/tmp/from-file.db\n`);
    const env = readEnv({ LOG_LEVEL: 'warn' }, file);
    expect(env.DISCORD_TOKEN).toBe(TOKEN);
    expect(env.LOG_LEVEL).toBe('warn');
    expect(env.DATABASE_PATH).toBe('/tmp/from-file.db');
    expect(readEnv({ A: '1' }, join(dir, 'missing.env'))).toEqual({ A: '1' });
  });

  describe('DATABASE_URL', () => {
    const PASSWORD = 'pa55-w0rd-sekrit';

    it.each([
      `postgres://lumbar:${PASSWORD}@db.example.com:5432/lumbar`,
      `postgresql://lumbar:${PASSWORD}@127.0.0.1/lumbar`,
      `postgres://lumbar:${encodeURIComponent('p@ss:w/rd')}@[::1]:6543/lumbar_prod`,
    ])('accepts %s and keeps it as given', (url) => {
      expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    });

    it('is optional: without it, SQLite at DATABASE_PATH as before', () => {
      expect(parseConfig({ DATABASE_URL: '  ' }).DATABASE_URL).toBeUndefined();
      const config = parseConfig({ DATABASE_PATH: '/srv/x.db' });
      expect(config.DATABASE_URL).toBeUndefined();
      expect(config.DATABASE_PATH).toBe('/srv/x.db');
    });

    it.each([
      ['another scheme', `mysql://lumbar:${PASSWORD}@db.example.com/lumbar`],
      ['no database name', `postgres://lumbar:${PASSWORD}@db.example.com:5432/`],
      ['no host', `postgres://lumbar:${PASSWORD}@/lumbar`],
      ['a port that is not a number', `postgres://lumbar:${PASSWORD}@db.example.com:port/lumbar`],
      ['an unencoded @ in the password', `postgres://lumbar:${PASSWORD}@x@db.example.com:99999/lumbar`],
      ['not a URL', `lumbar:${PASSWORD}`],
    ])('refuses %s with the fix, never printing the password', (_what, url) => {
      let error: unknown;
      try {
        parseConfig({ DATABASE_URL: url });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const { problems, message } = error as ConfigError;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
      expect(problems[0]).toMatch(/Fix:/);
      expect(message + JSON.stringify(error) + String((error as Error).stack)).not.toContain(PASSWORD);
    });

    it('is kept as given when valid, and redacted wherever it is shown', () => {
      const config = parseConfig({ DATABASE_URL: `postgres://lumbar:${PASSWORD}@db/lumbar` });
      expect(config.DATABASE_URL).toBe(`postgres://lumbar:${PASSWORD}@db/lumbar`);
      expect(parseConfig({}).DATABASE_URL).toBeUndefined();
      expect(redactDatabaseUrl(config.DATABASE_URL!)).toBe('postgres://lumbar:***@db/lumbar');
      expect(redactDatabaseUrl(`x${PASSWORD}`)).not.toContain(PASSWORD);
    });
  });
});
