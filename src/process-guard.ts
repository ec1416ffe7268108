// The process-level safety net: one bad event must not end the bot. Listeners are wrapped so a throw
// or a rejected promise is logged where it happened; whatever still escapes reaches the process
// handlers, which log it and carry on. Only a database that is gone or broken is fatal: every later
// command and delivery would fail too, so the bot stops cleanly (exit 1) and a supervisor's restart
// meets the start-up checks, which name the problem.
import { describeError } from './delivery/discord-errors.ts';
import type { Logger } from './base/logger.ts';

// SQLite's verdicts on the file itself (damaged, replaced, moved or deleted, unreadable), not on one
// statement. SQLITE_BUSY and SQLITE_FULL pass: they can clear up while the bot keeps running.
const FATAL_SQLITE = /^SQLITE_(CORRUPT|NOTADB|CANTOPEN|IOERR|READONLY_DBMOVED)/;

/** Errors after which the bot cannot do its work: the database file is gone or broken. */
export function isFatal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FATAL_SQLITE.test(code);
}

/** How long a fatal stop may take before the process exits anyway. */
const FATAL_EXIT_AFTER_MS = 10_000;

export interface ProcessGuard {
  /** Logs an error that escaped; a fatal one starts the clean stop (once). */
  report(err: unknown, source: string): void;
  /** A listener that never throws and never leaves a rejected promise behind. */
  listener<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => void;
  /** Installs the process handlers; returns a function that removes them. */
  install(): () => void;
}

/** `stop(code)` shuts the bot down cleanly and exits; it is called at most once, for a fatal error. */
export function createProcessGuard(logger: Logger, stop: (code: number) => unknown): ProcessGuard {
  let stopping = false;

  function report(err: unknown, source: string): void {
    if (!isFatal(err)) {
      logger.error({ source, err: describeError(err) }, 'an error escaped its handler; the bot carries on');
      return;
    }
    logger.fatal({ source, err: describeError(err) }, 'the database is gone or damaged; stopping (restart Lumbar to see what is wrong)');
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), FATAL_EXIT_AFTER_MS).unref();
    try {
      Promise.resolve(stop(1)).catch(() => process.exit(1));
    } catch {
      process.exit(1);
    }
  }

  function listener<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch((err: unknown) => report(err, name));
      } catch (err) {
        report(err, name);
      }
    };
  }

  function install(): () => void {
    const onRejection = (reason: unknown) => report(reason, 'unhandledRejection');
    const onException = (err: unknown) => report(err, 'uncaughtException');
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    return () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    };
  }

  return { report, listener, install };
}
