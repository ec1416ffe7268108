// Lumbar's logger in a real process: a line is on stdout as soon as it is logged, even when the event loop is
// held right after (the first tick's claim batch follows "Lumbar is ready" at start-up).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the logger', () => {
  it('writes every line before the event loop runs again', { timeout: 30_000 }, async () => {
    const release = join(mkdtempSync(join(tmpdir(), 'lumbar-log-')), 'release');
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/helpers/log-then-block.ts'), release], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let out = '';
    // Whatever the test found: the file lets the script end, and tsx passes SIGTERM on to the script's process.
    onTestFinished(() => {
      writeFileSync(release, '');
      child.kill('SIGTERM');
    });
    // The child holds its event loop until `release` exists: both lines must come while it does.
    const lines = await new Promise<string[]>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`not both log lines while the child's event loop was held; stdout: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.split('\n').length > 2) {
          clearTimeout(timer);
          done(out.split('\n').slice(0, 2));
        }
      });
    });
    writeFileSync(release, '');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['first line', 'second line, logged while the first may still be on its way']);
    expect(await exited).toBe(0);
  });
});
