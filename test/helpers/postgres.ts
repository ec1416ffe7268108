// A fresh database per caller on the run's test server (test/helpers/postgres-setup.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export function serverUrl(): string {
  return inject('postgresUrl');
}

/** Creates lumbar_test_<random> and returns its URL; it lives until the server stops. */
export async function freshDatabase(): Promise<string> {
  const name = `lumbar_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
