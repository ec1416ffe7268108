// What Lumbar needs in a channel to post a tip there.
import { PermissionFlagsBits } from 'discord.js';

export const POST_PERMISSIONS: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** Names of the posting permissions missing from `perms`. */
export function missingPostPermissions(perms: bigint): string[] {
  return POST_PERMISSIONS.filter(([bit]) => (perms & bit) === 0n).map(([, name]) => name);
}
