import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/app/config.ts';
import { isPartial, parseShardIds, runsShardZero, shardPlan } from '../../src/app/shards.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe('SHARD_COUNT and SHARD_IDS', () => {
  it('by default runs every shard Discord recommends in this process', () => {
    const plan = shardPlan(parseConfig({ SHARD_COUNT: '', SHARD_IDS: '' }));
    expect(plan).toEqual({ shards: 'auto' });
    expect(runsShardZero(plan)).toBe(true);
    expect(isPartial(plan)).toBe(false);
    expect(shardPlan(parseConfig({ SHARD_COUNT: 'AUTO' }))).toEqual({ shards: 'auto' });
  });

  it('with a count alone runs all of its shards', () => {
    expect(shardPlan(parseConfig({ SHARD_COUNT: '3' }))).toEqual({ shards: [0, 1, 2], shardCount: 3 });
  });

  it('with a list runs those shards of the count, and says whether another process runs the rest', () => {
    const one = shardPlan(parseConfig({ SHARD_COUNT: '2', SHARD_IDS: '1' }));
    expect(one).toEqual({ shards: [1], shardCount: 2 });
    expect(runsShardZero(one)).toBe(false);
    expect(isPartial(one)).toBe(true);
    const all = shardPlan(parseConfig({ SHARD_COUNT: '2', SHARD_IDS: '0-1' }));
    expect(runsShardZero(all)).toBe(true);
    expect(isPartial(all)).toBe(false);
  });

  it.each([
    ['0', [0]],
    ['0,2', [0, 2]],
    ['0-3', [0, 1, 2, 3]],
    [' 4, 0-1 ,1 ', [0, 1, 4]],
  ])('reads the list %j', (text, ids) => {
    expect(parseShardIds(text)).toEqual(ids);
  });

  it.each(['a', '0,', '1-', '3-1', '-1', '0;1', '1.5', '0-99999'])('rejects the malformed list %j', (text) => {
    expect(parseShardIds(text)).toBeNull();
    const problems = problemsOf({ SHARD_COUNT: '4', SHARD_IDS: text });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/SHARD_IDS must be shard ids separated by commas.*Fix:/);
  });

  it.each(['0', '-2', '1.5', 'many', '10001'])('rejects the count %j with its fix', (count) => {
    expect(problemsOf({ SHARD_COUNT: count })).toEqual([expect.stringMatching(/SHARD_COUNT must be a whole number of shards.*"auto".*Fix:/)]);
  });

  it('names an id at or above the count', () => {
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '0-3' })).toEqual([expect.stringMatching(/SHARD_IDS has shards 2, 3, but with SHARD_COUNT=2 the shards are 0 to 1\. Fix:/)]);
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toEqual([expect.stringMatching(/has shard 2,/)]);
  });

  it('asks for a number in SHARD_COUNT when SHARD_IDS is set without one, or with "auto"', () => {
    expect(problemsOf({ SHARD_IDS: '0' })).toEqual([expect.stringMatching(/SHARD_IDS is set but SHARD_COUNT is not\. Fix:/)]);
    expect(problemsOf({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toEqual([expect.stringMatching(/SHARD_COUNT is "auto"\. Fix:/)]);
  });

  it('reports shard problems with the others at once', () => {
    expect(problemsOf({ SHARD_COUNT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });
});
