// "Under load": CPU-bound node processes beside a benchmark, each spinning one core until stopped.
import { spawn, type ChildProcess } from 'node:child_process';

export const BUSY_SPINNERS = 1;

/** Starts `n` spinners (`node -e "for(;;){}"`), runs `fn`, then kills them by pid. */
export async function withBusyCpu<T>(n: number, fn: () => Promise<T>): Promise<T> {
  const spinners: ChildProcess[] = [];
  for (let i = 0; i < n; i++) spinners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  try {
    return await fn();
  } finally {
    for (const s of spinners) {
      const gone = new Promise<void>((resolve) => (s.exitCode !== null || s.signalCode !== null ? resolve() : s.once('exit', () => resolve())));
      s.kill('SIGKILL');
      await gone;
    }
  }
}

/** The 1-minute load average now, for the report. */
export { loadavg } from 'node:os';
