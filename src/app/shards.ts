// SHARD_COUNT and SHARD_IDS: which gateway shards this process runs. Neither set: discord.js runs
// every shard Discord recommends in this one process. Several processes each take a list of shards.
import { z } from 'zod';

/** Discord's own ceiling is far below this; it only keeps a typo from making a huge list. */
const MAX_SHARDS = 10_000;

const COUNT_ERROR = `SHARD_COUNT must be a whole number of shards from 1 to ${MAX_SHARDS}, or "auto" for Discord's recommendation. Fix: correct it, or leave it empty (one process runs every shard).`;
const IDS_ERROR =
  'SHARD_IDS must be shard ids separated by commas, with ranges, such as 0 or 0,2 or 0-3. Fix: correct it, or leave it empty to run every shard.';

export type ShardCount = number | 'auto';

export const shardCountSetting = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
  z
    .union([z.literal('auto'), z.coerce.number({ error: COUNT_ERROR }).int({ error: COUNT_ERROR }).min(1, { error: COUNT_ERROR }).max(MAX_SHARDS, { error: COUNT_ERROR })], {
      error: COUNT_ERROR,
    })
    .optional(),
);

export const shardIdsSetting = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() || undefined : v),
  z
    .string()
    .transform((text, ctx) => {
      const ids = parseShardIds(text);
      if (!ids) ctx.addIssue({ code: 'custom', message: IDS_ERROR });
      return ids ?? [];
    })
    .optional(),
);

/** `0`, `0,2`, `0-3`, `0-1, 4`: sorted and without repeats; null when malformed. */
export function parseShardIds(text: string): number[] | null {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
    if (!m) return null;
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from || to >= MAX_SHARDS) return null;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export interface ShardSettings {
  SHARD_COUNT?: ShardCount;
  SHARD_IDS?: number[];
}

/** The combinations that cannot work, each with its fix. */
export function shardProblems({ SHARD_COUNT: count, SHARD_IDS: ids }: ShardSettings): string[] {
  if (!ids) return [];
  if (count === undefined || count === 'auto') {
    return [
      `SHARD_IDS is set but SHARD_COUNT is ${count === 'auto' ? '"auto"' : 'not'}. Fix: set SHARD_COUNT to the same number in every process (for example SHARD_COUNT=2 with SHARD_IDS=0 in one and SHARD_IDS=1 in the other), or leave SHARD_IDS empty.`,
    ];
  }
  const beyond = ids.filter((id) => id >= count);
  if (beyond.length === 0) return [];
  return [
    `SHARD_IDS has ${beyond.length === 1 ? 'shard' : 'shards'} ${beyond.join(', ')}, but with SHARD_COUNT=${count} the shards are 0 to ${count - 1}. Fix: use ids below SHARD_COUNT, or raise SHARD_COUNT in every process.`,
  ];
}

/** What this process runs: `auto` (every shard Discord recommends) or these ids out of `count`. */
export type ShardPlan = { shards: 'auto' } | { shards: number[]; shardCount: number };

export function shardPlan({ SHARD_COUNT: count, SHARD_IDS: ids }: ShardSettings): ShardPlan {
  if (count === undefined || count === 'auto') return { shards: 'auto' };
  return { shards: ids ?? Array.from({ length: count }, (_, i) => i), shardCount: count };
}

/** Whether this process runs shard 0: the one that registers commands and receives DM interactions. */
export function runsShardZero(plan: ShardPlan): boolean {
  return plan.shards === 'auto' || plan.shards.includes(0);
}

/** Whether other processes must run the remaining shards (this one runs only some of them). */
export function isPartial(plan: ShardPlan): boolean {
  return plan.shards !== 'auto' && plan.shards.length < plan.shardCount;
}

/** "all", or "0,2 of 4": how the processes table names what a process runs. */
export function describeShards(plan: ShardPlan): string {
  return plan.shards === 'auto' ? 'all' : `${plan.shards.join(',')} of ${plan.shardCount}`;
}
