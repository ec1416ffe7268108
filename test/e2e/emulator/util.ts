// Small shared helpers: snowflakes, tokens, Discord error bodies, permission maths.
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh snowflake whose timestamp is now, like Discord's. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function botTokenFor(applicationId: string): string {
  return `${Buffer.from(applicationId).toString('base64url')}.${randomToken(4)}.${randomToken(27)}`;
}

export const ERROR_MESSAGES: Record<number, string> = {
  0: 'General error',
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10007: 'Unknown Member',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  10063: 'Unknown application command',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50006: 'Cannot send an empty message',
  50007: 'Cannot send messages to this user',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50027: 'Invalid Webhook Token',
  50033: 'Invalid Recipient(s)',
  50035: 'Invalid Form Body',
};

/** HTTP status Discord uses with each code (for codes the emulator raises). */
export const ERROR_STATUS: Record<number, number> = {
  10003: 404,
  10004: 404,
  10007: 404,
  10008: 404,
  10013: 404,
  10015: 404,
  10062: 404,
  10063: 404,
  40060: 400,
  50001: 403,
  50006: 400,
  50007: 403,
  50008: 400,
  50013: 403,
  50027: 401,
  50033: 400,
  50035: 400,
};

export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message?: string,
    readonly errors?: unknown,
  ) {
    super(message ?? ERROR_MESSAGES[code] ?? 'Error');
  }

  static of(code: number, message?: string): DiscordError {
    return new DiscordError(ERROR_STATUS[code] ?? 400, code, message);
  }

  body(): Record<string, unknown> {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

// Permission bits the emulator reasons about (values from Discord's documentation).
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord currently defines (up to bit 52). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

export const DEFAULT_EVERYONE_PERMISSIONS =
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads;

export function isoNow(at = Date.now()): string {
  return new Date(at).toISOString();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
