// What the scheduler and /remind need from Discord, as a port: schedule/ stays free of discord.js,
// and `npm run try` or a test can hand in another implementation.
import type { MessageBody } from '../discord/command.ts';

export interface SentMessage {
  id: string;
}

export interface RecentMessage {
  id: string;
  authorId: string;
  /** Embed footers, where the delivery marker lives. */
  footers: string[];
}

export interface Messenger {
  /** The DM channel with a member (Discord returns the same one every time). */
  openDm(userId: string): Promise<string>;
  /** Posts with a nonce Discord enforces, so a resend of the same delivery cannot double-post. */
  send(channelId: string, body: MessageBody, nonce: string): Promise<SentMessage>;
  recent(channelId: string, limit: number): Promise<RecentMessage[]>;
  botUserId(): string;
  /** Lumbar's own permissions in a server channel, from the gateway cache; null if unknown. */
  botPermissionsIn(channelId: string): bigint | null;
}

/** Discord nonces are at most 25 characters; derive a stable one from the delivery key. */
export function nonceFor(key: string): string {
  // FNV-1a, twice with different seeds: stable, short, and collisions are irrelevant at this scale.
  const hash = (seed: number) => {
    let h = seed;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(36);
  };
  return `lb${hash(0x811c9dc5)}${hash(0x01000193)}`.slice(0, 25);
}

/** A message of ours in the channel's recent history carrying `marker`: a late resend looks first. */
export async function findPosted(messenger: Messenger, channelId: string, marker: string): Promise<RecentMessage | undefined> {
  const recent = await messenger.recent(channelId, 20);
  // The marker is a whole footer line: "Reminder #3 · 2026-11-22" must not match that day's snooze.
  return recent.find((m) => m.authorId === messenger.botUserId() && m.footers.some((f) => f.split('\n').includes(marker)));
}

/** Whether a claim is a resend late enough that Discord's nonce window may have passed. */
export function isLateResend(claim: { resend: boolean; claimedAt: number }, now: number): boolean {
  return claim.resend && now - claim.claimedAt > 60_000;
}
