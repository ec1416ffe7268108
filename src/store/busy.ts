// better-sqlite3 is synchronous: while another process (a backup, the sqlite3 shell, a second
// Lumbar) holds SQLite's write lock, a long busy_timeout would freeze the whole event loop. So
// the connection waits only briefly, and writers retry here, asynchronously, with backoff:
// interactions keep being answered and the write lands once the lock goes.

/** How long one statement may block the event loop waiting for the lock. */
export const BUSY_TIMEOUT_MS = 25;

export interface RetryOptions {
  /** Give up (and rethrow the busy error) after waiting this long in total. */
  maxWaitMs: number;
  /** First pause between attempts; doubles up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Called once, the first time the write has to wait (e.g. to defer an interaction). */
  onFirstWait?: () => void;
}

/** What a caller gets when the lock outlasted its patience. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number, options?: ErrorOptions) {
    super(`the database stayed locked by another process for ${Math.round(waitedMs / 1000)} s`, options);
    this.name = 'DatabaseBusyError';
  }
}

/** SQLITE_BUSY and its extended codes, and SQLITE_LOCKED: another connection holds the lock. */
export function isBusy(err: unknown): boolean {
  if (err instanceof DatabaseBusyError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs a write (a statement or a whole transaction), retrying while the database is busy. */
export async function retryWhileBusy<T>(write: () => T | Promise<T>, o: RetryOptions): Promise<T> {
  const started = Date.now();
  let delay = o.firstDelayMs ?? 50;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isBusy(err)) throw err;
      const waited = Date.now() - started;
      if (waited >= o.maxWaitMs) throw new DatabaseBusyError(waited, { cause: err });
      if (attempt === 0) o.onFirstWait?.();
      await sleep(Math.min(delay, o.maxWaitMs - waited));
      delay = Math.min(delay * 2, o.maxDelayMs ?? 1000);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
