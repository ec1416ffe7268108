// The Messenger port over discord.js's REST client. Raw routes rather than cached structures:
// with only the Guilds intent, DM channels are not cached, and one request per DM is the budget.
import { Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import type { MessageBody } from './command.ts';
import { createPacer } from './pacer.ts';
import type { Messenger, RecentMessage, SentMessage } from '../schedule/messenger.ts';

/** Scheduled sends stay a little under Discord's global 50 requests per second. */
export const SEND_RATE_PER_SECOND = 48;

export function createDiscordMessenger(client: Client, perSecond = SEND_RATE_PER_SECOND): Messenger {
  const rest = client.rest;
  const { pace } = createPacer(perSecond);
  return {
    async openDm(userId: string): Promise<string> {
      await pace();
      const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      return channel.id;
    },
    async send(channelId: string, body: MessageBody, nonce: string): Promise<SentMessage> {
      await pace();
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: {
          content: body.content,
          embeds: body.embeds ?? [],
          components: body.components ?? [],
          allowed_mentions: { parse: [], roles: body.allowedRoleIds ?? [] },
          nonce,
          enforce_nonce: true,
        },
      })) as APIMessage;
      return { id: message.id };
    },
    async recent(channelId: string, limit: number): Promise<RecentMessage[]> {
      await pace();
      const query = new URLSearchParams({ limit: String(limit) });
      const messages = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
      return messages.map((m) => ({ id: m.id, authorId: m.author.id, footers: m.embeds.flatMap((e) => (e.footer?.text ? [e.footer.text] : [])) }));
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
