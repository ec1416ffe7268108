// Synchronous reads of a PostgreSQL database for the end-to-end tests, whose checks poll the bot's database with
// plain functions (h.query, as SQLite's driver allows): a worker thread holds the connection and the test thread
// waits on an Atomics flag for each answer. Epoch-ms BIGINTs come back as numbers, as from SQLite.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { ROOT } from './bot-process.ts';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
pg.types.setTypeParser(20, (v) => Number(v));
const client = new pg.Client({ connectionString: workerData.url });
const ready = client.connect();
parentPort.on('message', async ({ sql, params, flag, port }) => {
  let reply;
  try {
    await ready;
    reply = { rows: (await client.query(sql, params)).rows };
  } catch (err) {
    reply = { error: String(err && err.message) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export interface SyncPg {
  query<T>(sql: string, ...params: unknown[]): T[];
  close(): Promise<void>;
}

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2…` (the tests' queries use no `?` inside strings). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function syncPg(url: string): SyncPg {
  const pgPath = createRequire(`${ROOT}/package.json`).resolve('pg');
  const worker = new Worker(WORKER, { eval: true, workerData: { url, pgPath } });
  worker.unref();
  return {
    query<T>(sql: string, ...params: unknown[]): T[] {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ sql: numbered(sql), params, flag, port: port2 }, [port2]);
      if (Atomics.wait(flag, 0, 0, 10_000) === 'timed-out') throw new Error(`no answer from PostgreSQL within 10 s: ${sql}`);
      const reply = receiveMessageOnPort(port1)?.message as { rows?: T[]; error?: string };
      port1.close();
      if (reply.error !== undefined) throw new Error(`${reply.error}: ${sql}`);
      return reply.rows ?? [];
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
