// The discord.js client as Lumbar runs it: the Guilds intent only (no privileged intents), and
// mentions suppressed by default so no text can ever ping @everyone, a role or a user.
import { Client, GatewayIntentBits } from 'discord.js';
import type { Config } from '../app/config.ts';

export function createClient(config: Pick<Config, 'DISCORD_API_URL'>): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
  });
}
