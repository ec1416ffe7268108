// `npm run db:copy -- --to postgres://user:password@host:5432/lumbar [--from data/lumbar.db]`: copies the SQLite
// database (DATABASE_PATH unless --from is given) into an EMPTY PostgreSQL database, in one transaction, and
// verifies every table's row count. Stop the bot first. The password is never printed.
// Exit codes: 0 copied; 2 something to fix (arguments, a missing file, a non-empty target); 1 the server stayed
// unreachable or the copy failed (nothing was copied).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, isPostgresUrl, parseConfig, readEnv, redactDatabaseUrl } from './app/config.ts';
import { DatabaseOpenError, openDatabase, type Db } from './store/db.ts';
import { CopyError, copySqliteToPostgres } from './store/pg/copy.ts';
import { openPostgres, PostgresOpenError } from './store/pg/open.ts';
import type { PgPool } from './store/pg/pool.ts';

const USAGE = 'Usage: npm run db:copy -- --to postgres://user:password@host:5432/lumbar [--from path/to/lumbar.db]';

class UsageError extends Error {}

function readArguments(): { from: string; to: string } {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  if (!values.to) throw new UsageError(`Say where to copy to with --to.\n${USAGE}`);
  if (!isPostgresUrl(values.to)) {
    throw new UsageError(
      `--to must be a PostgreSQL URL such as postgres://user:password@host:5432/lumbar (postgres:// or postgresql://, a host and a database name; a password with @, : or / percent-encoded).\n${USAGE}`,
    );
  }
  const from = values.from ?? parseConfig(readEnv()).DATABASE_PATH;
  if (!existsSync(from)) throw new UsageError(`There is no SQLite database at ${from}. Fix: pass --from with the file's path, or set DATABASE_PATH.`);
  return { from, to: values.to };
}

async function run(): Promise<void> {
  const { from, to } = readArguments();
  const db: Db = openDatabase(from);
  let pool: PgPool | undefined;
  try {
    pool = await openPostgres(to, { onRetry: (n, ms, code) => console.error(`PostgreSQL not reachable yet (${code}), attempt ${n}; retrying in ${ms} ms…`) });
    const report = await copySqliteToPostgres(db, pool);
    console.log(`Copied ${from} into ${redactDatabaseUrl(to)} (schema version ${report.schemaVersion}); row counts verified:`);
    for (const t of report.tables) console.log(`  ${t.name}: ${t.rows}`);
    console.log('Point the bot at it with DATABASE_URL once PostgreSQL support is finished (docs/scaling.md).');
  } finally {
    db.close();
    await pool?.end();
  }
}

try {
  await run();
} catch (err) {
  const known = err instanceof UsageError || err instanceof ConfigError || err instanceof DatabaseOpenError || err instanceof CopyError || err instanceof PostgresOpenError;
  if (!known) throw err;
  console.error(err.message);
  process.exitCode = err instanceof UsageError || err instanceof ConfigError ? 2 : err.exitCode;
}
