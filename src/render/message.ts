// What a message and a reply are, as renderers build them and the router and the scheduler send
// them: plain data, free of discord.js's classes. And the expected problem that becomes a reply.
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A file sent with a message: a picture an embed shows as attachment://<name>, described for screen readers. */
export interface Attachment {
  name: string;
  data: Buffer;
  description: string;
}

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: ActionRow[];
  /** The message's files. Absent: an update keeps the files the message has; otherwise exactly these (none: []). */
  files?: Attachment[];
  /** Role ids this message may ping. Every other mention is suppressed. */
  allowedRoleIds?: string[];
}

export interface Reply extends MessageBody {
  ephemeral: boolean;
}

/** An expected problem (bad input, unknown name): shown to the member privately, never logged as an error. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly extra: Omit<Reply, 'ephemeral' | 'content'> = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function customId(command: string, ...args: string[]): string {
  return [command, ...args].join(':');
}
