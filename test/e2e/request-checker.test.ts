// The per-test request check must not judge a request the local Discord is still reading: under load a DM upload
// can be mid-body when a test ends. It is judged at the next check, once its route is known.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from './emulator/index.ts';
import { requestChecker } from './helpers.ts';

let discord: LocalDiscord;

beforeEach(async () => {
  discord = await startLocalDiscord();
});

afterEach(async () => {
  await discord.close();
});

/** Starts a POST to `path` and sends only its headers and half the body; `finish` sends the rest, `abort` hangs up. */
async function halfSentPost(path: string): Promise<{ finish: () => Promise<number>; abort: () => void }> {
  const body = JSON.stringify({ content: 'hello' });
  const before = discord.requests.length;
  const req = http.request(`${discord.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bot ${discord.token}` },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  answered.catch(() => {}); // a hang-up rejects it; only `finish` awaits it
  req.write(body.slice(0, 5));
  await expect.poll(() => discord.requests.length).toBeGreaterThan(before);
  return {
    finish: () => {
      req.end(body.slice(5));
      return answered;
    },
    abort: () => req.destroy(),
  };
}

describe('the per-test request check', () => {
  it('leaves a request still being read for the next check, and then reports it if its route is unknown', async () => {
    const check = requestChecker(discord);
    const post = await halfSentPost('/v10/no-such-route');
    expect(check).not.toThrow();
    expect(await post.finish()).toBe(404);
    expect(check).toThrow(/POST \/no-such-route \(404\)/);
  });

  it('does not report a request whose sender hung up before its body was whole (a bot killed mid-upload)', async () => {
    const check = requestChecker(discord);
    const post = await halfSentPost('/v10/channels/1/messages');
    const record = discord.requests.at(-1)!;
    post.abort();
    await expect.poll(() => record.settled).toBe(true);
    expect(record.aborted).toBe(true);
    expect(check).not.toThrow();
  });
});
