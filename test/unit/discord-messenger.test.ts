// The messenger over discord.js's REST client, with a stand-in client: how it paces around Discord's answers.
import { EventEmitter } from 'node:events';
import { RESTEvents, type Client } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiscordMessenger } from '../../src/discord/messenger.ts';

function fakeClient() {
  const posts: number[] = [];
  const rest = Object.assign(new EventEmitter(), {
    post: async () => {
      posts.push(performance.now());
      return { id: String(posts.length) };
    },
  });
  return { client: { rest } as unknown as Client, rest, posts };
}

describe('discord messenger', () => {
  afterEach(() => vi.useRealTimers());

  it('holds its sends while discord.js reports a global rate limit, then sends them one by one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { client, rest, posts } = fakeClient();
    const messenger = createDiscordMessenger(client, 48);
    const start = performance.now();
    rest.emit(RESTEvents.RateLimited, { global: true, timeToReset: 400, retryAfter: 400, method: 'POST', route: '/channels/:id/messages', majorParameter: 'global', hash: 'h', limit: 50, scope: 'global', url: '', sublimitTimeout: 0 });
    const sends = Array.from({ length: 5 }, (_, i) => messenger.send(`c${i}`, { content: 'hi' }, `n${i}`));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(sends);
    expect(posts).toHaveLength(5);
    expect(posts[0]! - start).toBeGreaterThanOrEqual(400);
    for (let i = 1; i < posts.length; i++) expect(posts[i]! - posts[i - 1]!).toBeGreaterThanOrEqual((0.75 * 1000) / 48);
  });

  it('does not hold for a rate limit of one route', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { client, rest, posts } = fakeClient();
    const messenger = createDiscordMessenger(client, 48);
    const start = performance.now();
    rest.emit(RESTEvents.RateLimited, { global: false, timeToReset: 400, retryAfter: 400, method: 'POST', route: '/channels/:id/messages', majorParameter: 'c0', hash: 'h', limit: 5, scope: 'user', url: '', sublimitTimeout: 0 });
    const sent = messenger.send('c1', { content: 'hi' }, 'n1');
    await vi.advanceTimersByTimeAsync(10);
    await sent;
    expect(posts[0]! - start).toBeLessThan(10);
  });
});
