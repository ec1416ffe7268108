// Discord failures decided by their error code in one place (the table in docs/design.md), not try/catch copies.
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

/** Discord's JSON error code, when the error is one. */
export function discordCode(err: unknown): number | undefined {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
}

/** A failure worth trying again later: Discord's 5xx, or the network. */
export function isTransient(err: unknown): boolean {
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
