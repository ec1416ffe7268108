// A process with Lumbar's process guard installed, for test/integration/process-guard.test.ts. It lets
// errors escape in the ways a bot can (a rejected promise nobody awaits, a throw in a timer, a listener
// that throws), then says it is still running and exits 0; with `fatal`, a damaged database escapes.
import { EventEmitter } from 'node:events';
import { createLogger } from '../../src/base/logger.ts';
import { createProcessGuard } from '../../src/process-guard.ts';

const logger = createLogger('info');
const guard = createProcessGuard(logger, (code) => {
  logger.info({ code }, 'stopping cleanly');
  process.exit(code);
});
guard.install();

const events = new EventEmitter();
events.on('interactionCreate', guard.listener('interactionCreate', () => {
  throw new Error('a listener threw');
}));

const step = (fn: () => void) => new Promise<void>((done) => setImmediate(() => { fn(); setImmediate(done); }));

if (process.argv[2] === 'fatal') {
  setImmediate(() => {
    throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
  });
} else {
  await step(() => void Promise.reject(new Error('a promise nobody awaited')));
  await step(() => setImmediate(() => { throw new Error('a timer threw'); }));
  await step(() => events.emit('interactionCreate'));
  await step(() => undefined);
  logger.info('still running');
}
