// For test/integration/logger.test.ts: logs two lines with Lumbar's logger, one right after the other (as start-up
// logs "commands unchanged" and "Lumbar is ready"), then holds the event loop (as a claim batch does) until the
// file named by its argument exists, then exits 0.
import { existsSync } from 'node:fs';
import { createLogger } from '../../src/base/logger.ts';

const release = process.argv[2]!;
const logger = createLogger('info');
logger.info('first line');
logger.info('second line, logged while the first may still be on its way');
// Synchronous on purpose: nothing else runs until the test has seen the line and made the file.
while (!existsSync(release)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
process.exit(0);
