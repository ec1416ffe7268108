// Which tip a channel gets next: a shuffle of the whole pool per channel and per cycle, with no
// repeat until every tip has been posted. New tips join the current cycle simply by not having
// been posted yet; tips removed from data/ simply stop being candidates.

/** A 32-bit mix of seed, cycle and tip id (FNV-1a then a murmur finalizer): order without state. */
export function shuffleRank(seed: number, cycle: number, tipId: string): number {
  let h = (0x811c9dc5 ^ seed ^ Math.imul(cycle + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < tipId.length; i++) {
    h ^= tipId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A channel's shuffle, from its id alone: so /clubtips preview can show a channel not set up yet its real first tip. */
export function channelSeed(channelId: string): number {
  return shuffleRank(0, 0, channelId);
}

export interface Pick {
  tipId: string;
  /** The cycle this pick belongs to: the current one, or the next when the pool was used up. */
  cycle: number;
}

/** The cycle the next post belongs to: this one, or the next once every tip has been posted. */
export function currentCycle(poolIds: readonly string[], cycle: number, postedThisCycle: ReadonlySet<string>): number {
  return poolIds.some((id) => !postedThisCycle.has(id)) ? cycle : cycle + 1;
}

/** The next tip for a channel, given the tips it already had in its current cycle. */
export function nextTip(poolIds: readonly string[], seed: number, cycle: number, postedThisCycle: ReadonlySet<string>): Pick {
  if (poolIds.length === 0) throw new Error('the tip pool is empty');
  const useCycle = currentCycle(poolIds, cycle, postedThisCycle);
  const candidates = useCycle === cycle ? poolIds.filter((id) => !postedThisCycle.has(id)) : poolIds;
  let best = candidates[0]!;
  let bestRank = shuffleRank(seed, useCycle, best);
  for (const id of candidates) {
    const rank = shuffleRank(seed, useCycle, id);
    if (rank < bestRank || (rank === bestRank && id < best)) {
      best = id;
      bestRank = rank;
    }
  }
  return { tipId: best, cycle: useCycle };
}
