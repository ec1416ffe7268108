// The one classifier of Discord's failures: an error code decides what a caller does (the table in
// docs/design.md). The jobs, the features' services and the router all ask here, never compare codes themselves.
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

export const DiscordCode = {
  UnknownChannel: RESTJSONErrorCodes.UnknownChannel, // 10003
  UnknownInteraction: RESTJSONErrorCodes.UnknownInteraction, // 10062
  MissingAccess: RESTJSONErrorCodes.MissingAccess, // 50001
  CannotSendMessagesToThisUser: RESTJSONErrorCodes.CannotSendMessagesToThisUser, // 50007
  MissingPermissions: RESTJSONErrorCodes.MissingPermissions, // 50013
  CannotSendInNonTextChannel: RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, // 50008
  InteractionAlreadyAcknowledged: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, // 40060
  OpeningDMsTooFast: RESTJSONErrorCodes.OpeningDirectMessagesTooFast, // 40003
  CannotSendToThisUserNow: 50278,
} as const;

export type DiscordFailure =
  /** The member does not take DMs from Lumbar. */
  | 'dm-closed'
  /** The channel no longer exists. */
  | 'channel-gone'
  | 'not-text-channel'
  /** Lumbar lacks access or a permission in the channel. */
  | 'no-access'
  /** Opening DMs too fast: later. */
  | 'too-fast'
  /** Discord's 5xx or the network: later. */
  | 'transient'
  /** The interaction's answer window has passed. */
  | 'expired-interaction'
  | 'already-answered'
  | 'unknown';

const BY_CODE: ReadonlyMap<number, DiscordFailure> = new Map<number, DiscordFailure>([
  [DiscordCode.CannotSendMessagesToThisUser, 'dm-closed'],
  [DiscordCode.CannotSendToThisUserNow, 'dm-closed'],
  [DiscordCode.UnknownChannel, 'channel-gone'],
  [DiscordCode.CannotSendInNonTextChannel, 'not-text-channel'],
  [DiscordCode.MissingAccess, 'no-access'],
  [DiscordCode.MissingPermissions, 'no-access'],
  [DiscordCode.OpeningDMsTooFast, 'too-fast'],
  [DiscordCode.UnknownInteraction, 'expired-interaction'],
  [DiscordCode.InteractionAlreadyAcknowledged, 'already-answered'],
]);

/** What a failure means for the caller, and Discord's JSON error code where it has one. */
export function classify(err: unknown): { kind: DiscordFailure; code: number | undefined } {
  const code = discordCode(err);
  const known = code === undefined ? undefined : BY_CODE.get(code);
  return { kind: known ?? (isTransient(err) ? 'transient' : 'unknown'), code };
}

/** Discord's JSON error code, when the error is one. */
function discordCode(err: unknown): number | undefined {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
}

/** A failure worth trying again later: Discord's 5xx, or the network. */
function isTransient(err: unknown): boolean {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return err.status >= 500;
  const code = (err as { code?: unknown } | null)?.code;
  return (err as Error | null)?.name === 'AbortError' || (typeof code === 'string' && /^(ECONN|ETIMEDOUT|EAI_AGAIN|UND_ERR)/.test(code));
}

/** A short description for logs that never includes request bodies or tokens. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) return { code: err.code, status: err.status, method: err.method, route: redactRoute(err.url), message: err.message };
  if (err instanceof HTTPError) return { status: err.status, method: err.method, route: redactRoute(err.url), message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

/** Interaction and webhook URLs carry a token in the path; keep it out of logs. */
export function redactRoute(url: string): string {
  return url.replace(/(\/(?:interactions\/\d+|webhooks\/\d+))\/[^/?]+/g, '$1/:token');
}
