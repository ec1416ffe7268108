// The test server is a real PostgreSQL, and each file gets a database of its own.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/postgres.ts';

describe('the test PostgreSQL', () => {
  it('is a real server, and a fresh database is empty and our own', async () => {
    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; db: string }>('SELECT version() AS version, current_database() AS db');
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]!.db).toBe(new URL(url).pathname.slice(1));
      const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
