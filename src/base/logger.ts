// Structured logs through pino. The token is redacted by path wherever a log object carries it,
// and the config is never logged whole.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Written to stdout synchronously: a line is out when it is logged. pino's default writes on libuv's thread pool
 * and hands the next line over only once the event loop runs again, so a line logged right before synchronous
 * work (the first tick's claim batch, up to 500 rows in one transaction) waited for it: at start-up over a
 * database with reminders due, "Lumbar is ready" reached the supervisor 0.15-0.25 s after it was logged.
 * Lumbar logs a few lines a minute; a write each costs microseconds.
 */
export function createLogger(level: LevelWithSilent, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  return pino(
    {
      name: 'lumbar',
      level,
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}
