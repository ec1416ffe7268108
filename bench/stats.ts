// Percentiles over repeated timings: these machines are shared and noisy, so never one sample.
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1) };
}

/** Times `fn` `runs` times after `warmup` untimed runs; milliseconds per run. */
export function timeSync(fn: (i: number) => unknown, runs: number, warmup = Math.min(1000, runs)): Summary {
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Array<number>(runs);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    samples[i] = performance.now() - t;
  }
  return summarize(samples);
}

export const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
