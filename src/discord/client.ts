// The discord.js client as Lumbar runs it: the Guilds intent only (no privileged intents), and
// mentions suppressed by default so no text can ever ping @everyone, a role or a user. Its shards
// come from SHARD_COUNT and SHARD_IDS: by default every shard Discord recommends, in this process.
import { Client, GatewayIntentBits } from 'discord.js';
import type { Config } from '../app/config.ts';
import { shardPlan } from '../app/shards.ts';

export function createClient(config: Pick<Config, 'DISCORD_API_URL' | 'SHARD_COUNT' | 'SHARD_IDS'>): Client {
  // discord.js reads SHARD_COUNT from the environment as its own ShardingManager's variable (a number);
  // Lumbar's setting has the same name and may be "auto", and its parsed value is passed below instead.
  delete process.env.SHARD_COUNT;
  const plan = shardPlan(config);
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
    ...(plan.shards === 'auto' ? { shards: 'auto' as const } : { shards: plan.shards, shardCount: plan.shardCount }),
  });
}
