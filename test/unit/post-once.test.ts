// The resend lookup: paging through a channel's history after the attempt time, over the test messenger
// (Discord's paging: the oldest messages after the id, newest first within a page).
import { describe, expect, it } from 'vitest';
import { LOOKUP_MARGIN_MS, LOOKUP_MAX_PAGES, findPosted } from '../../src/delivery/post-once.ts';
import { recordingMessenger } from '../helpers/messenger.ts';

const marker = 'Daily tip · 2026-11-22';
const post = (footer: string) => ({ content: footer, embeds: [{ title: 't', footer: { text: `/redflags\n${footer}` } }] });

async function channelWith(before: number, after: number, at: number) {
  const messenger = recordingMessenger();
  for (let i = 0; i < before; i++) await messenger.send('c', post(`chat ${i}`), `n${i}`);
  await messenger.send('c', post(marker), 'ours');
  for (let i = 0; i < after; i++) await messenger.send('c', post(`chat after ${i}`), `m${i}`);
  return { messenger, ours: messenger.sent[at]! };
}

describe('findPosted', () => {
  it('pages on past the newest message seen and finds the post under 250 newer ones', async () => {
    const { messenger, ours } = await channelWith(249, 250, 249);
    const found = await findPosted(messenger, 'c', { marker, nonce: 'not-in-history', since: Date.now() });
    expect(found).toEqual({ found: expect.objectContaining({ id: ours.id }), complete: true });
  });

  it('matches a whole footer line only, and says when the page limit stopped it', async () => {
    const messenger = recordingMessenger();
    for (let i = 0; i < LOOKUP_MAX_PAGES * 100 + 1; i++) await messenger.send('c', post(`${marker} (snooze)`), `n${i}`);
    expect(await findPosted(messenger, 'c', { marker, nonce: 'x', since: Date.now() })).toEqual({ complete: false });
  });

  it('does not look before the attempt (less the margin)', async () => {
    const { messenger } = await channelWith(0, 0, 0);
    const later = Date.now() + LOOKUP_MARGIN_MS + 1000;
    expect(await findPosted(messenger, 'c', { marker, nonce: 'ours', since: later })).toEqual({ complete: true });
  });
});
