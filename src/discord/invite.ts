// The two ways to add Lumbar. To a server (guild install): the bot joins with the few permissions it uses, and
// every command works there and in members' DMs with it. To your own account (user install): no bot joins
// anything; the commands but /clubtips go with you into group DMs and servers without Lumbar.
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/** Only what Lumbar uses: see channels, post, and embed its cards. No admin, no privileged intents. */
export const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

const GUILD_INSTALL = '0';
const USER_INSTALL = '1';

/** Adds Lumbar to a server: its bot user and its commands. */
export function inviteUrl(applicationId: string): string {
  return authorizeUrl({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
    integration_type: GUILD_INSTALL,
  });
}

/** Adds Lumbar to the account of whoever opens it: its commands only, no bot user, no permissions. */
export function userInstallUrl(applicationId: string): string {
  return authorizeUrl({ client_id: applicationId, scope: OAuth2Scopes.ApplicationsCommands, integration_type: USER_INSTALL });
}

function authorizeUrl(params: Record<string, string>): string {
  return `https://discord.com/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}
