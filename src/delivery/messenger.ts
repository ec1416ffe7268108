// What the scheduler and /remind need from Discord, as a port: delivery/ stays free of the discord.js adapter,
// and `npm run try` or a test can hand in another implementation.
import type { MessageBody } from '../render/message.ts';

export interface SentMessage {
  id: string;
}

export interface ChannelMessage {
  id: string;
  authorId: string;
  /** Discord echoes the nonce on the answer to a post and in gateway events, not in message history. */
  nonce: string | null;
  /** Embed footers, where the delivery marker lives. */
  footers: string[];
}

/** Discord's page size for message history. */
export const MESSAGE_PAGE = 100;

export interface Messenger {
  /** The DM channel with a member (Discord returns the same one every time). */
  openDm(userId: string, signal?: AbortSignal): Promise<string>;
  /** Posts with a nonce Discord enforces for a few minutes: the last guard against a double post. An aborted
   *  signal cancels the request, also while it waits for a rate limit, so it never reaches Discord later.
   *  `beforeSend` runs once the request's turn has come, right before it leaves; if it throws, nothing is sent. */
  send(channelId: string, body: MessageBody, nonce: string, signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<SentMessage>;
  /** Up to MESSAGE_PAGE messages with ids above `afterId`, in any order (Discord gives the oldest ones, newest first). */
  messagesAfter(channelId: string, afterId: string, signal?: AbortSignal): Promise<ChannelMessage[]>;
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

const DISCORD_EPOCH = 1420070400000n;

/** The smallest snowflake of a real wall-clock millisecond: `after=` it lists messages from then on. */
export function snowflakeAt(realMs: number): string {
  const sinceEpoch = BigInt(Math.floor(realMs)) - DISCORD_EPOCH;
  return (sinceEpoch > 0n ? sinceEpoch << 22n : 0n).toString();
}
