// The reaper's test of a neighbour process (src/delivery/sender-lease.ts): a killed process is gone even before
// its parent reaps it (a zombie still answers signal 0), so a restart after kill -9 takes over at once.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { pidAlive } from '../../src/delivery/sender-lease.ts';

it('tells a running process from a killed one, zombie or reaped, and from a pid nobody has', async () => {
  expect(pidAlive(process.pid)).toBe(true);
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  expect(pidAlive(child.pid!)).toBe(true);
  process.kill(child.pid!, 'SIGKILL');
  // Synchronously, before the event loop lets Node reap it: the child is a zombie now, or already gone.
  const until = Date.now() + 200;
  while (Date.now() < until) {
    // spin: no event loop turn, no reaping
  }
  expect(pidAlive(child.pid!)).toBe(false);
  await exited;
  expect(pidAlive(child.pid!)).toBe(false);
  expect(pidAlive(4_000_000)).toBe(false);
});
