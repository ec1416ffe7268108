// The Messenger port over discord.js's REST client. Raw routes rather than cached structures:
// with only the Guilds intent, DM channels are not cached, and one request per DM is the budget.
import { RESTEvents, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import type { MessageBody } from '../render/message.ts';
import { createPacer } from './pacer.ts';
import { MESSAGE_PAGE, type ChannelMessage, type Messenger, type SentMessage } from '../delivery/messenger.ts';

/** Scheduled sends stay a little under Discord's global 50 requests per second. */
export const SEND_RATE_PER_SECOND = 48;

export function createDiscordMessenger(client: Client, perSecond = SEND_RATE_PER_SECOND): Messenger {
  const rest = client.rest;
  const { pace, holdFor } = createPacer(perSecond);
  // A global 429 (another process of this bot, a clock that drifted): hold the slots until Discord's reset.
  rest.on(RESTEvents.RateLimited, (limit) => {
    if (limit.global) holdFor(limit.timeToReset);
  });
  return {
    async openDm(userId: string, signal?: AbortSignal): Promise<string> {
      await pace(signal);
      const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId }, signal })) as APIChannel;
      return channel.id;
    },
    async send(channelId: string, body: MessageBody, nonce: string, signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<SentMessage> {
      // The attempt record is written once the slot comes, and the request counts against the budget from after it.
      await pace(signal, beforeSend);
      signal?.throwIfAborted();
      const files = body.files ?? [];
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: {
          content: body.content,
          embeds: body.embeds ?? [],
          components: body.components ?? [],
          allowed_mentions: { parse: [], roles: body.allowedRoleIds ?? [] },
          nonce,
          enforce_nonce: true,
          // Each upload (multipart files[n]) listed by its index, with its description for screen readers.
          ...(files.length ? { attachments: files.map((f, i) => ({ id: String(i), filename: f.name, description: f.description })) } : {}),
        },
        ...(files.length ? { files: files.map((f) => ({ name: f.name, data: f.data, ...(f.name.endsWith('.png') ? { contentType: 'image/png' } : {}) })) } : {}),
        // discord.js drops an aborted request from its queue and its rate-limit waits before it is sent.
        signal,
      })) as APIMessage;
      return { id: message.id };
    },
    async messagesAfter(channelId: string, afterId: string, signal?: AbortSignal): Promise<ChannelMessage[]> {
      await pace(signal);
      const query = new URLSearchParams({ after: afterId, limit: String(MESSAGE_PAGE) });
      const messages = (await rest.get(Routes.channelMessages(channelId), { query, signal })) as APIMessage[];
      return messages.map((m) => ({
        id: m.id,
        authorId: m.author.id,
        nonce: m.nonce === undefined ? null : String(m.nonce),
        footers: m.embeds.flatMap((e) => (e.footer?.text ? [e.footer.text] : [])),
      }));
    },
    botUserId: () => client.user?.id ?? '',
    botPermissionsIn(channelId: string): bigint | null {
      const channel = client.channels.cache.get(channelId);
      if (!channel || channel.isDMBased()) return null;
      const me = channel.guild.members.me;
      return me ? (channel.permissionsFor(me)?.bitfield ?? null) : null;
    },
  };
}
