// One test suite for the club repository (src/store/repositories.ts), run against every backend (a SQLite file,
// the real PostgreSQL): channels, their health and the tip rotation's memory behave the same on both.
import { describe, expect, it } from 'vitest';
import type { ClubChannelSettings } from '../../src/store/clubs.ts';
import type { ClubRepository } from '../../src/store/repositories.ts';
import { channelRow, clubSettings, GUILD, HOUR, OTHER_GUILD, T0, useBackend } from './repository-fixtures.ts';

export interface Backend {
  repo: ClubRepository;
  /** Another connection (SQLite) or pool (PostgreSQL) to the same database, as a second process would have. */
  another(): Promise<ClubRepository>;
  close(): Promise<void>;
}

const channel = (n: number, over: Partial<ClubChannelSettings> = {}) => clubSettings({ channelId: `60000000000000000${n}`, ...over });
const firing = (n: number, t: number, over: Partial<ClubChannelSettings> = {}) => channel(n, { next: { at: t, localDate: '2026-06-03' }, ...over });

export function clubRepositorySuite(name: string, open: () => Promise<Backend>): void {
  describe(`club repository on ${name}`, () => {
    const b = useBackend(open);
    channelTests(b);
    healthTests(b);
    rotationTests(b);
    claimTests(b);
  });
}

function channelTests(b: () => Backend): void {
  it('saves a channel and reads it back whole, by channel and by id', async () => {
    const { repo } = b();
    const saved = await repo.save(channel(1));
    expect(saved).toEqual(channelRow(saved.id, channel(1)));
    expect(await repo.byChannel(channel(1).channelId)).toEqual(saved);
    expect(await repo.byId(saved.id)).toEqual(saved);
    expect(await repo.byChannel('699999999999999999')).toBeUndefined();
    expect(await repo.byId(saved.id + 1000)).toBeUndefined();
  });

  it('re-saves a channel in place: new settings, fresh health, the same id, seed, cycle and creation time', async () => {
    const { repo } = b();
    const first = await repo.save(channel(1));
    await repo.markPosted(first.id, 2, 'tip-a', T0 + 1);
    await repo.setHealth(first.id, 'paused', 'Missing Access', T0 + 2, T0 + 2);
    const again = channel(1, {
      guildId: OTHER_GUILD, localTime: '10:15', timeZone: 'UTC', days: 127, roleId: '800000000000000008',
      next: { at: T0 + 2 * HOUR, localDate: '2026-06-04' }, seed: 7, now: T0 + 3,
    });
    const saved = await repo.save(again);
    expect(saved).toEqual({ ...channelRow(first.id, again), shuffle_seed: first.shuffle_seed, cycle: 2, created_at: T0 });
    expect(await repo.byId(first.id)).toEqual(saved);
    expect(await repo.postedInCycle(first.id, 2)).toEqual(new Set(['tip-a']));
  });

  it('lists a server\'s channels: scheduled ones by fire time (ties by id), then stopped ones by id', async () => {
    const { repo } = b();
    const ids: number[] = [];
    for (const [n, t] of [[1, T0 + 3], [2, T0 + 1], [3, T0], [4, T0 + 1], [5, T0 + 2]] as const) ids.push((await repo.save(firing(n, t))).id);
    await repo.save(firing(6, T0, { guildId: OTHER_GUILD }));
    await repo.setHealth(ids[4]!, 'disabled', 'Missing Access', null, T0);
    await repo.setHealth(ids[2]!, 'disabled', 'Missing Access', null, T0);
    const listed = await repo.inGuild(GUILD);
    expect(listed.map((c) => c.id)).toEqual([ids[1], ids[3], ids[0], ids[2], ids[4]]);
    expect(listed[0]).toEqual(channelRow(ids[1]!, firing(2, T0 + 1)));
    expect(await repo.inGuild('999')).toEqual([]);
  });
}

function healthTests(b: () => Backend): void {
  it('moves health_since only when the health or its reason changes (NULL reasons alike), and stops a disabled channel', async () => {
    const { repo } = b();
    const { id } = await repo.save(channel(1));
    const since = async () => (await repo.byId(id))?.health_since;
    await repo.setHealth(id, 'ok', null, null, T0 + 1);
    expect(await since()).toBeNull();
    await repo.setHealth(id, 'paused', 'Missing Access', T0 + 2, T0 + 2);
    await repo.setHealth(id, 'paused', 'Missing Access', T0 + 2, T0 + 3);
    expect(await repo.byId(id)).toEqual({
      ...channelRow(id, channel(1)), health: 'paused', health_reason: 'Missing Access', health_since: T0 + 2, failing_since: T0 + 2, updated_at: T0 + 3,
    });
    await repo.setHealth(id, 'paused', null, null, T0 + 4);
    await repo.setHealth(id, 'paused', null, null, T0 + 5);
    expect(await repo.byId(id)).toMatchObject({ health_reason: null, health_since: T0 + 4, failing_since: null, updated_at: T0 + 5 });
    await repo.setHealth(id, 'ok', null, null, T0 + 6);
    expect(await repo.byId(id)).toMatchObject({ health: 'ok', health_since: T0 + 6, next_fire_at: T0 + HOUR, next_local_date: '2026-06-03' });
    await repo.setHealth(id, 'disabled', 'Unknown Channel', T0 + 6, T0 + 7);
    expect(await repo.byId(id)).toEqual({
      ...channelRow(id, channel(1)), health: 'disabled', health_reason: 'Unknown Channel', health_since: T0 + 7, failing_since: T0 + 6,
      next_fire_at: null, next_local_date: null, updated_at: T0 + 7,
    });
    await repo.setHealth(id + 1000, 'ok', null, null, T0);
  });

  it('disables a server\'s channels that are not disabled yet, and counts them', async () => {
    const { repo } = b();
    const [a, c, d] = [await repo.save(channel(1)), await repo.save(channel(2)), await repo.save(channel(3))];
    const elsewhere = await repo.save(channel(4, { guildId: OTHER_GUILD }));
    await repo.setHealth(d.id, 'disabled', 'Missing Access', null, T0 + 1);
    expect(await repo.disableGuild(GUILD, T0 + 5)).toBe(2);
    const stopped = { health: 'disabled', health_reason: 'Lumbar was removed from the server', health_since: T0 + 5, next_fire_at: null, next_local_date: null, updated_at: T0 + 5 };
    expect(await repo.byId(a.id)).toEqual({ ...a, ...stopped });
    expect(await repo.byId(c.id)).toEqual({ ...c, ...stopped });
    expect(await repo.byId(d.id)).toMatchObject({ health_reason: 'Missing Access', health_since: T0 + 1, updated_at: T0 + 1 });
    expect(await repo.byId(elsewhere.id)).toEqual(elsewhere);
    expect(await repo.disableGuild(GUILD, T0 + 6)).toBe(0);
    expect(await repo.disableGuild('999', T0 + 6)).toBe(0);
  });
}

function rotationTests(b: () => Backend): void {
  it('remembers the tips posted in a cycle, and forgets the old cycles when a new one starts', async () => {
    const { repo } = b();
    const [{ id }, other] = [await repo.save(channel(1)), await repo.save(channel(2))];
    await repo.markPosted(id, 0, 'tip-a', T0);
    await repo.markPosted(id, 0, 'tip-b', T0 + 1);
    await repo.markPosted(id, 0, 'tip-a', T0 + 2);
    await repo.markPosted(other.id, 0, 'tip-z', T0);
    expect(await repo.postedInCycle(id, 0)).toEqual(new Set(['tip-a', 'tip-b']));
    expect((await repo.byId(id))?.cycle).toBe(0);
    await repo.markPosted(id, 2, 'tip-c', T0 + 3);
    expect((await repo.byId(id))?.cycle).toBe(2);
    expect(await repo.postedInCycle(id, 0)).toEqual(new Set());
    expect(await repo.postedInCycle(id, 2)).toEqual(new Set(['tip-c']));
    expect(await repo.postedInCycle(other.id, 0)).toEqual(new Set(['tip-z']));
    // A late post of an older cycle is remembered there, and neither moves the cycle back nor forgets anything.
    await repo.markPosted(id, 1, 'tip-d', T0 + 4);
    expect((await repo.byId(id))?.cycle).toBe(2);
    expect(await repo.postedInCycle(id, 1)).toEqual(new Set(['tip-d']));
    expect(await repo.postedInCycle(id, 2)).toEqual(new Set(['tip-c']));
  });
}

function claimTests(b: () => Backend): void {
  it('lists due channels whole, soonest first (ties by id), up to the limit; stopped and later ones are not due', async () => {
    const { repo } = b();
    const saved = [];
    for (const [n, t] of [[1, T0 + 3], [2, T0 + 1], [3, T0 + 2], [4, T0 + 10], [5, T0], [6, T0 + 1]] as const) saved.push(await repo.save(firing(n, t)));
    await repo.setHealth(saved[4]!.id, 'disabled', 'Missing Access', null, T0);
    expect(await repo.due(T0 + 3, 10)).toEqual([saved[1], saved[5], saved[2], saved[0]]);
    expect(await repo.due(T0 + 3, 2)).toEqual([saved[1], saved[5]]);
    expect(await repo.due(T0, 10)).toEqual([]);
  });

  it('advances a channel only from the fire time read', async () => {
    const { repo } = b();
    const [c, stopped] = [await repo.save(channel(1)), await repo.save(channel(2))];
    await repo.setHealth(stopped.id, 'disabled', null, null, T0);
    expect(await repo.advance(c.id, T0, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, T0 + 5)).toBe(false);
    expect(await repo.byId(c.id)).toEqual(c);
    expect(await repo.advance(c.id, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, T0 + 5)).toBe(true);
    expect(await repo.byId(c.id)).toEqual({ ...c, next_fire_at: T0 + 25 * HOUR, next_local_date: '2026-06-04', updated_at: T0 + 5 });
    expect(await repo.advance(c.id, T0 + HOUR, { at: T0 + 49 * HOUR, localDate: '2026-06-05' }, T0 + 6)).toBe(false);
    expect(await repo.advance(stopped.id, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, T0 + 5)).toBe(false);
    expect(await repo.advance(c.id + 1000, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, T0 + 5)).toBe(false);
  });

  it('lets exactly one of two connections advance a channel from the same fire time', async () => {
    const { repo } = b();
    const other = await b().another();
    const saved = [];
    for (let n = 1; n <= 5; n++) saved.push(await repo.save(firing(n, T0 + n)));
    const results = await Promise.all(
      saved.map((c) =>
        Promise.all([
          repo.advance(c.id, c.next_fire_at!, { at: T0 + HOUR, localDate: '2026-06-03' }, T0 + 10),
          other.advance(c.id, c.next_fire_at!, { at: T0 + 2 * HOUR, localDate: '2026-06-03' }, T0 + 20),
        ]),
      ),
    );
    for (const [i, [mine, theirs]] of results.entries()) {
      expect(Number(mine) + Number(theirs)).toBe(1);
      expect(await repo.byId(saved[i]!.id)).toMatchObject(mine ? { next_fire_at: T0 + HOUR, updated_at: T0 + 10 } : { next_fire_at: T0 + 2 * HOUR, updated_at: T0 + 20 });
    }
  });

  it('keeps both tips when two connections start the same new cycle at once', async () => {
    const { repo } = b();
    const other = await b().another();
    const { id } = await repo.save(channel(1));
    await repo.markPosted(id, 0, 'tip-old', T0);
    await Promise.all([repo.markPosted(id, 1, 'tip-a', T0 + 1), other.markPosted(id, 1, 'tip-b', T0 + 1)]);
    expect((await repo.byId(id))?.cycle).toBe(1);
    expect(await repo.postedInCycle(id, 1)).toEqual(new Set(['tip-a', 'tip-b']));
    expect(await other.postedInCycle(id, 0)).toEqual(new Set());
  });
}
