// An in-process stand-in for the Messenger port, for unit tests of handlers and the scheduler.
// It fails the way Discord does (real DiscordAPIError objects with Discord's codes); the
// end-to-end tests cover the real client against the local Discord.
import { DiscordAPIError } from 'discord.js';
import type { MessageBody } from '../../src/render/message.ts';
import { MESSAGE_PAGE, snowflakeAt, type ChannelMessage, type Messenger } from '../../src/delivery/messenger.ts';

export interface SentRecord {
  channelId: string;
  body: MessageBody;
  nonce: string;
  id: string;
  at: number;
}

export function discordError(code: number, status: number): DiscordAPIError {
  return new DiscordAPIError({ code, message: `error ${code}` }, code, status, 'POST', '/test', { body: undefined, files: undefined });
}

const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Discord only dedupes a nonce for a few minutes; model that window with the test's clock. */
const NONCE_WINDOW_MS = 2 * 60_000;

export function recordingMessenger(clock: () => Date = () => new Date()) {
  let seq = 0n;
  // Ids are snowflakes of the real time, like Discord's (the test's clock is not real time; Discord's is).
  const nextId = () => (BigInt(snowflakeAt(Date.now())) + ++seq).toString();
  const sent: SentRecord[] = [];
  const closedDms = new Set<string>();
  const failures: number[] = []; // HTTP statuses for the next sends, consumed in order
  const dmOf = (userId: string) => `dm-${userId}`;
  const permissions = new Map<string, bigint | null>();
  const channelErrors = new Map<string, number>();
  const messenger: Messenger & {
    sent: SentRecord[];
    closedDms: Set<string>;
    failNext(...statuses: number[]): void;
    sentTo(userId: string): SentRecord[];
    /** Lumbar's permissions per channel; channels not listed allow everything. */
    permissions: Map<string, bigint | null>;
    /** Discord error codes (10003, 50001, 50013) that posts to a channel get. */
    channelErrors: Map<string, number>;
    inChannel(channelId: string): SentRecord[];
  } = {
    sent,
    closedDms,
    failNext: (...statuses) => failures.push(...statuses),
    sentTo: (userId) => sent.filter((s) => s.channelId === dmOf(userId)),
    inChannel: (channelId) => sent.filter((s) => s.channelId === channelId),
    channelErrors,
    async openDm(userId) {
      return dmOf(userId);
    },
    async send(channelId, body, nonce, _signal, beforeSend) {
      await beforeSend?.();
      const status = failures.shift();
      if (status) throw discordError(0, status);
      if (closedDms.has(channelId.replace(/^dm-/, ''))) throw discordError(50007, 403);
      const channelError = channelErrors.get(channelId);
      if (channelError) throw discordError(channelError, channelError === 10003 ? 404 : 403);
      // Discord's enforce_nonce: the same nonce returns the message already created.
      const at = clock().getTime();
      const existing = sent.find((s) => s.channelId === channelId && s.nonce === nonce && at - s.at < NONCE_WINDOW_MS);
      if (existing) return { id: existing.id };
      const id = nextId();
      sent.push({ channelId, body, nonce, id, at });
      return { id };
    },
    // Like Discord: the oldest messages after the id, newest first, and no nonce in history.
    async messagesAfter(channelId, afterId): Promise<ChannelMessage[]> {
      return sent
        .filter((s) => s.channelId === channelId && BigInt(s.id) > BigInt(afterId))
        .slice(0, MESSAGE_PAGE)
        .reverse()
        .map((s) => ({ id: s.id, authorId: 'bot', nonce: null, footers: (s.body.embeds ?? []).flatMap((e) => (e.footer ? [e.footer.text] : [])) }));
    },
    botUserId: () => 'bot',
    permissions,
    botPermissionsIn: (channelId) => (permissions.has(channelId) ? (permissions.get(channelId) ?? null) : ALL_PERMISSIONS),
  };
  return messenger;
}
