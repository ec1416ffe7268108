// Clickable command mentions on everything Lumbar sends: the router links its replies, and this wraps the
// messenger the scheduler posts and DMs through. Both read the ids the process learned at ready.
import type { CommandIds } from '../app/command-ids.ts';
import type { Messenger } from '../delivery/messenger.ts';
import type { MessageBody } from '../render/message.ts';
import { linkCommands } from '../render/mentions.ts';

/** The body with its command references as mentions, for the ids known now. */
export function withMentions<B extends MessageBody>(body: B, ids: CommandIds): B {
  return linkCommands(body, (name, sub) => ids.mention(name, sub));
}

/** The same messenger, its messages' command references linked. */
export function withCommandMentions(messenger: Messenger, ids: CommandIds): Messenger {
  return { ...messenger, send: (channelId, body, ...rest) => messenger.send(channelId, withMentions(body, ids), ...rest) };
}
