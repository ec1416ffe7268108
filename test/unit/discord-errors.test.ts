// The one classifier of Discord's failures: each code of the table in docs/design.md, and what is not a code.
import { HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { classify, redactRoute, type DiscordFailure } from '../../src/delivery/discord-errors.ts';
import { discordError } from '../helpers/messenger.ts';

const TABLE: [code: number, status: number, kind: DiscordFailure][] = [
  [50007, 403, 'dm-closed'],
  [50278, 403, 'dm-closed'],
  [10003, 404, 'channel-gone'],
  [50008, 400, 'not-text-channel'],
  [50001, 403, 'no-access'],
  [50013, 403, 'no-access'],
  [40003, 429, 'too-fast'],
  [10062, 404, 'expired-interaction'],
  [40060, 400, 'already-answered'],
];

describe('classify', () => {
  it.each(TABLE)('code %i is %s', (code, status, kind) => {
    expect(classify(discordError(code, status))).toEqual({ kind, code });
  });

  it("Discord's 5xx and network failures are transient; a 5xx keeps its code", () => {
    expect(classify(discordError(0, 502))).toEqual({ kind: 'transient', code: 0 });
    expect(classify(new HTTPError(503, 'Service Unavailable', 'POST', '/channels/1/messages', { body: undefined, files: undefined }))).toEqual({ kind: 'transient', code: undefined });
    expect(classify(Object.assign(new Error('reset'), { code: 'ECONNRESET' })).kind).toBe('transient');
    expect(classify(Object.assign(new Error('aborted'), { name: 'AbortError' })).kind).toBe('transient');
  });

  it('anything else is unknown: another 4xx code, a plain error, not an error at all', () => {
    expect(classify(discordError(50035, 400))).toEqual({ kind: 'unknown', code: 50035 });
    expect(classify(new Error('boom'))).toEqual({ kind: 'unknown', code: undefined });
    expect(classify(null)).toEqual({ kind: 'unknown', code: undefined });
  });
});

describe('redactRoute', () => {
  it('keeps interaction and webhook tokens out of logs', () => {
    expect(redactRoute('/interactions/123/secret-token/callback')).toBe('/interactions/123/:token/callback');
    expect(redactRoute('/webhooks/456/secret-token/messages/@original')).toBe('/webhooks/456/:token/messages/@original');
  });
});
