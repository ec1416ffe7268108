// Self-test of the local Discord emulator, driven by a bare discord.js Client (not the Lumbar bot).
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  SlashCommandBuilder,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  autocomplete,
  button,
  slashCommand,
  startLocalDiscord,
  stringSelect,
  type LocalDiscord,
} from './emulator/index.ts';

let discord: LocalDiscord;
let client: Client;
const extraClients: Client[] = [];

// One interactionCreate listener; each test installs what the "bot" does with the next interaction.
let pending: ((interaction: Interaction) => void) | null = null;
function onNextInteraction<T>(fn: (interaction: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending = (interaction) => {
      pending = null;
      fn(interaction).then(resolve, reject);
    };
  });
}

function newClient(): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${discord.url}/api` } });
}

function channel(id: string): TextChannel {
  const c = client.channels.cache.get(id);
  if (!c || !c.isTextBased() || c.isDMBased()) throw new Error(`channel ${id} not cached`);
  return c as TextChannel;
}

/** Resolve to the rejection of a promise (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

beforeAll(async () => {
  discord = await startLocalDiscord();
  client = newClient();
  client.on(Events.InteractionCreate, (interaction) => pending?.(interaction));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
});

afterAll(async () => {
  for (const c of [client, ...extraClients]) await c?.destroy();
  await discord?.close();
});

describe('login and gateway', () => {
  it('becomes ready with the fixture guild cached and records the identify', () => {
    const guild = client.guilds.cache.get(discord.fixture.guild.id);
    expect(guild?.name).toBe(discord.fixture.guild.name);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['announcements', 'club-tips', 'general']);
    expect(guild?.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'Admins', 'Runners']);
    expect(guild?.memberCount).toBe(3);
    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.application?.id).toBe(discord.applicationId);
    expect(discord.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
    // discord.js only asks for zlib-stream when zlib-sync is installed; here it connects uncompressed.
    expect(discord.gatewayConnections[0]).toMatchObject({ compress: null, query: { v: '10', encoding: 'json' } });
  });

  it('speaks zlib-stream to gateway clients that ask for it', async () => {
    const ws = new WebSocket(`${discord.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
    const inflate = zlib.createInflate();
    const received: { op: number; t: string | null }[] = [];
    // One shared inflate context, fed message by message (each ends with a Z_SYNC_FLUSH marker).
    let chain = Promise.resolve();
    ws.on('message', (data: Buffer) => {
      chain = chain.then(
        () =>
          new Promise<void>((resolve) => {
            const chunks: Buffer[] = [];
            const onData = (c: Buffer) => chunks.push(c);
            inflate.on('data', onData);
            inflate.write(data);
            inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
              inflate.off('data', onData);
              const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { op: number; t: string | null };
              received.push(payload);
              if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1, properties: {} } }));
              resolve();
            });
          }),
      );
    });
    try {
      await discord.waitFor(() => received.some((p) => p.t === 'GUILD_CREATE'), 3000, 'GUILD_CREATE over zlib-stream');
      expect(received.map((p) => p.t ?? p.op)).toEqual([10, 'READY', 'GUILD_CREATE']);
      expect(discord.gatewayConnections.at(-1)?.compress).toBe('zlib-stream');
    } finally {
      ws.close();
      inflate.close();
    }
  });

  it('rejects a wrong token on REST with 401 code 0', async () => {
    const res = await fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('lists a request to an un-emulated route in unexpected', async () => {
    const error = await rejection(client.rest.get(Routes.guildBans(discord.fixture.guild.id)));
    expect(error.status).toBe(404);
    expect(error.code).toBe(0);
    expect(discord.unexpected.map((r) => r.path)).toContain(`/guilds/${discord.fixture.guild.id}/bans`);
  });
});

describe('commands', () => {
  const commands = [
    new SlashCommandBuilder()
      .setName('backpain')
      .setDescription('Back-pain card for an activity')
      .addStringOption((o) => o.setName('activity').setDescription('What you did').setRequired(true).setAutocomplete(true)),
    new SlashCommandBuilder()
      .setName('club')
      .setDescription('Club settings')
      .setDefaultMemberPermissions(32n)
      .addSubcommand((s) =>
        s
          .setName('tips')
          .setDescription('Post tips in a channel')
          .addChannelOption((o) => o.setName('where').setDescription('Channel').setRequired(true))
          .addRoleOption((o) => o.setName('role').setDescription('Role to ping'))
          .addIntegerOption((o) => o.setName('hour').setDescription('Hour of day'))
          .addBooleanOption((o) => o.setName('enabled').setDescription('On or off')),
      ),
  ];

  it('bulk-overwrites global commands and reads them back with stable ids', async () => {
    const set = await client.application!.commands.set(commands.map((c) => c.toJSON()));
    expect([...set.values()].map((c) => c.name).sort()).toEqual(['backpain', 'club']);
    const stored = discord.commands();
    expect(stored).toHaveLength(2);
    expect(stored.find((c) => c.name === 'club')?.default_member_permissions).toBe('32');
    const fetched = await client.application!.commands.fetch();
    expect(fetched.map((c) => c.id).sort()).toEqual(stored.map((c) => c.id).sort());
    await client.application!.commands.set(commands.map((c) => c.toJSON()));
    expect(discord.commands().map((c) => c.id).sort()).toEqual(stored.map((c) => c.id).sort());
    expect(discord.contractViolations).toHaveLength(0);
  });

  it('registers guild commands separately', async () => {
    const guild = client.guilds.cache.get(discord.fixture.guild.id)!;
    await guild.commands.set([commands[0]!.toJSON()]);
    expect(discord.commands(guild.id).map((c) => c.name)).toEqual(['backpain']);
  });

  it('rejects a command that breaks the naming rules with 50035', async () => {
    const before = discord.contractViolations.length;
    const error = await rejection(
      client.application!.commands.set([{ name: 'BackPain', description: 'x'.repeat(101) }]),
    );
    expect(error.code).toBe(50035);
    const violation = discord.contractViolations.at(before);
    expect(violation?.contractErrors.join('\n')).toMatch(/lower case/);
    expect(violation?.contractErrors.join('\n')).toMatch(/description/);
  });
});

describe('interactions', () => {
  it('delivers an ephemeral reply to the handle', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      await i.reply({ content: `Card for ${i.options.getString('activity', true)}`, flags: MessageFlags.Ephemeral });
      return i;
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'deadlift' } }));
    const interaction = await done;
    // Registered both globally and in the guild: the guild registration is used unless scope says otherwise.
    expect(interaction.commandId).toBe(discord.commands(discord.fixture.guild.id).find((c) => c.name === 'backpain')?.id);
    expect(interaction.commandGuildId).toBe(discord.fixture.guild.id);
    expect(interaction.member?.user.id).toBe(discord.fixture.users.member.id);
    const response = await handle.response();
    expect(response.type).toBe(4);
    expect(response.data).toMatchObject({ content: 'Card for deadlift', flags: MessageFlags.Ephemeral });
    expect(handle.original()?.content).toBe('Card for deadlift');
    expect(discord.messages(discord.fixture.channels.general.id).map((m) => m.content)).not.toContain('Card for deadlift');
  });

  it('supports deferReply + editReply', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.deferReply();
      return i.editReply({ content: 'Here is your card' });
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'running' } }));
    const edited = await done;
    expect((await handle.response()).type).toBe(5);
    const reply = await handle.reply();
    expect(reply.content).toBe('Here is your card');
    expect(reply.id).toBe(edited.id);
    expect(discord.messages(discord.fixture.channels.general.id).at(-1)?.content).toBe('Here is your card');
  });

  it('returns the callback response object with withResponse', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      return i.reply({ content: 'with response', withResponse: true });
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'rowing' } }));
    const callback = await done;
    expect(callback.interaction.id).toBe(handle.id);
    expect(callback.resource?.message?.content).toBe('with response');
  });

  it('passes subcommand, channel, role, integer and boolean options with resolved data', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      const summary = {
        sub: i.options.getSubcommand(),
        where: i.options.getChannel('where', true).name,
        role: i.options.getRole('role')?.name,
        hour: i.options.getInteger('hour'),
        enabled: i.options.getBoolean('enabled'),
        perms: i.memberPermissions?.has('ManageGuild'),
      };
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      return summary;
    });
    discord.injectInteraction(
      slashCommand('club', {
        subcommand: 'tips',
        user: 'admin',
        options: { where: '#club-tips', role: 'Runners', hour: 7, enabled: true },
      }),
    );
    expect(await done).toEqual({ sub: 'tips', where: 'club-tips', role: 'Runners', hour: 7, enabled: true, perms: true });
  });

  it('builds subcommand groups', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      return [i.options.getSubcommandGroup(), i.options.getSubcommand(), i.options.getString('text')];
    });
    // Not registered, so option types come from the values themselves.
    discord.injectInteraction(slashCommand('settings', { group: 'reminders', subcommand: 'set', options: { text: 'stretch!' } }));
    expect(await done).toEqual(['reminders', 'set', 'stretch!']);
  });

  it('will not deliver a command Discord would hide from the user', () => {
    expect(() => discord.injectInteraction(slashCommand('club', { subcommand: 'tips', options: { where: 'general' } }))).toThrow(
      /hides \/club from runner_sam/,
    );
  });

  it('answers autocomplete with respond()', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      const typed = i.options.getFocused();
      await i.respond([{ name: 'Deadlift', value: 'deadlift' }]);
      return typed;
    });
    const handle = discord.injectInteraction(autocomplete('backpain', 'activity', { value: 'dea' }));
    expect(await done).toBe('dea');
    const response = await handle.response();
    expect(response).toMatchObject({ type: 8, data: { choices: [{ name: 'Deadlift', value: 'deadlift' }] } });
  });

  it('rejects 26 autocomplete results with 50035 and records the violation', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      return rejection(i.respond(Array.from({ length: 26 }, (_, n) => ({ name: `choice ${n}`, value: `v${n}` }))));
    });
    const handle = discord.injectInteraction(autocomplete('backpain', 'activity', { value: '' }));
    const error = await done;
    expect(error.code).toBe(50035);
    expect(handle.acknowledged).toBe(false);
    expect(discord.contractViolations.at(-1)?.contractErrors.join('\n')).toMatch(/data\.choices.*25 or fewer/);
  });

  it('updates the message a button is on', async () => {
    const general = channel(discord.fixture.channels.general.id);
    const sent = await general.send({
      content: 'Did this help?',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('helpful:yes').setLabel('Yes').setStyle(ButtonStyle.Success),
        ),
      ],
    });
    const done = onNextInteraction(async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ content: 'Thanks!', components: [] });
      return i.customId;
    });
    const handle = discord.injectInteraction(button('helpful:yes', { message: sent.id }));
    expect(await done).toBe('helpful:yes');
    expect((await handle.response()).type).toBe(7);
    expect(discord.message(sent.id)).toMatchObject({ content: 'Thanks!', components: [] });
  });

  it('delivers string select values', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isStringSelectMenu()) throw new Error('expected a select');
      await i.deferUpdate();
      return i.values;
    });
    const handle = discord.injectInteraction(stringSelect('pick-stretch', ['cat-cow', 'bird-dog']));
    expect(await done).toEqual(['cat-cow', 'bird-dog']);
    expect((await handle.response()).type).toBe(6);
  });

  it('handles an interaction from a DM', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      await i.reply('hello in DM');
      return { guild: i.guildId, user: i.user.id, inGuild: i.inGuild() };
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { dm: true, options: { activity: 'cycling' } }));
    expect(await done).toEqual({ guild: null, user: discord.fixture.users.member.id, inGuild: false });
    await handle.response();
    expect(discord.messages(discord.dmChannelOf(discord.fixture.users.member.id)).at(-1)?.content).toBe('hello in DM');
  });

  it('makes the first follow-up after a defer edit the placeholder, later ones new messages', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const first = await i.followUp('first');
      const second = await i.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
      return [first.id, second.id];
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'squat' } }));
    const [firstId, secondId] = await done;
    expect(handle.original()).toMatchObject({ id: firstId, content: 'first' });
    expect(handle.followUps().map((m) => [m.id, m.content])).toEqual([[secondId, 'second']]);
  });

  it('refuses a second initial callback with 40060', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      await i.reply('first answer');
      // discord.js guards against this locally, so go around it the way a confused bot might.
      return rejection(
        client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'again' } }, auth: false }),
      );
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'golf' } }));
    const error = await done;
    expect(error.code).toBe(40060);
    expect(error.status).toBe(400);
    expect(handle.rejected().map((r) => r.code)).toEqual([40060]);
  });

  it('refuses a reply after 3 s with 10062', async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a slash command');
      await new Promise((resolve) => setTimeout(resolve, 3200));
      return rejection(i.reply('too late'));
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'tennis' } }));
    await expect(handle.response()).rejects.toThrow(/no accepted callback/);
    const error = await done;
    expect(error.code).toBe(10062);
    expect(error.status).toBe(404);
  });
});

describe('interaction token lifetime', () => {
  it('refuses webhook calls after the token expires with 401 50027', async () => {
    const short = await startLocalDiscord({ timing: { tokenTtlMs: 300 } });
    const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${short.url}/api` } });
    try {
      const replied = new Promise<Interaction>((resolve, reject) => {
        bot.on(Events.InteractionCreate, (i) => {
          if (i.isChatInputCommand()) i.reply('quick').then(() => resolve(i), reject);
        });
      });
      await bot.login(short.token);
      await short.waitFor(() => bot.isReady(), 5000, 'second client ready');
      short.injectInteraction(slashCommand('backpain', { options: { activity: 'hiking' } }));
      const interaction = await replied;
      await new Promise((resolve) => setTimeout(resolve, 350));
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      const error = await rejection(interaction.editReply('too late to edit'));
      expect(error.code).toBe(50027);
      expect(error.status).toBe(401);
    } finally {
      await bot.destroy();
      await short.close();
    }
  });
});

describe('messages and failures', () => {
  it('rejects user.send() with 50007 when the DM is closed', async () => {
    const memberId = discord.fixture.users.member.id;
    const undo = discord.fail.dm(memberId);
    const user = await client.users.fetch(memberId);
    const error = await rejection(user.send('stretch reminder'));
    expect(error.code).toBe(50007);
    expect(error.status).toBe(403);
    undo();
    await user.send('stretch reminder');
    expect(discord.messages(discord.dmChannelOf(memberId)).at(-1)?.content).toBe('stretch reminder');
  });

  it('rejects channel.send with 50013 on a failing channel', async () => {
    const tips = channel(discord.fixture.channels.clubTips.id);
    const undo = discord.fail.channel(tips.id, 50013);
    const error = await rejection(tips.send('tip of the day'));
    expect(error.code).toBe(50013);
    undo();
    await expect(tips.send('tip of the day')).resolves.toBeDefined();
  });

  it('survives a 500 (discord.js retries)', async () => {
    const general = channel(discord.fixture.channels.general.id);
    discord.fail.next(1, { status: 500 });
    const sent = await general.send('after a 500');
    const statuses = discord.requests.filter((r) => r.path === `/channels/${general.id}/messages` && r.method === 'POST').slice(-2);
    expect(statuses.map((r) => r.status)).toEqual([500, 200]);
    expect(sent.content).toBe('after a 500');
  });

  it('honours retry_after on a 429', async () => {
    const general = channel(discord.fixture.channels.general.id);
    discord.fail.next(1, { status: 429, retryAfter: 0.3 });
    const started = Date.now();
    await general.send('after a 429');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const last = discord.requests.filter((r) => r.path === `/channels/${general.id}/messages`).slice(-2);
    expect(last.map((r) => r.status)).toEqual([429, 200]);
  });

  it('answers 429 (global) past the global budget and discord.js waits it out', async () => {
    const announcements = channel(discord.fixture.channels.announcements.id);
    discord.fail.globalBudget(true, 2);
    try {
      await Promise.all([1, 2, 3].map((n) => announcements.send(`burst ${n}`)));
    } finally {
      discord.fail.globalBudget(false);
    }
    const burst = discord.requests.filter((r) => r.path === `/channels/${announcements.id}/messages`);
    expect(burst.some((r) => r.status === 429 && (r.response as { global?: boolean }).global === true)).toBe(true);
    expect(discord.messages(announcements.id).filter((m) => m.content.startsWith('burst'))).toHaveLength(3);
  });

  it('rejects 2001 characters of content with 50035 and lists it', async () => {
    const general = channel(discord.fixture.channels.general.id);
    const error = await rejection(general.send('x'.repeat(2001)));
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    expect(discord.contractViolations.at(-1)?.contractErrors.join('\n')).toMatch(/^content: Must be 2000 or fewer/);
  });

  it('returns the same message for an enforce_nonce resend', async () => {
    const general = channel(discord.fixture.channels.general.id);
    const first = await general.send({ content: 'daily tip', nonce: 'tip-2024-06-01', enforceNonce: true });
    const again = await general.send({ content: 'daily tip', nonce: 'tip-2024-06-01', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(discord.messages(general.id).filter((m) => m.nonce === 'tip-2024-06-01')).toHaveLength(1);
  });

  it('resumes after a gateway RECONNECT and keeps delivering interactions', async () => {
    const before = discord.gatewayConnections.length;
    discord.requestReconnect();
    await discord.waitFor(() => discord.gatewayConnections.find((c) => c.resumed && c.open), 5000, 'resumed connection');
    expect(discord.gatewayConnections.length).toBe(before + 1);
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.reply({ content: 'still here', flags: MessageFlags.Ephemeral });
    });
    const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'yoga' } }));
    await done;
    expect((await handle.response()).type).toBe(4);
  });

  it('holds a request until released, then processes it', async () => {
    const general = channel(discord.fixture.channels.general.id);
    const hold = discord.fail.hold((r) => r.method === 'POST' && r.path === `/channels/${general.id}/messages`);
    const sending = general.send('held for a moment');
    const caught = await hold.waitUntilCaught();
    expect(caught).toMatchObject({ hold: 'held', status: 0, body: { content: 'held for a moment' } });
    expect(discord.messages(general.id).map((m) => m.content)).not.toContain('held for a moment');
    hold.release('process');
    const sent = await sending;
    expect(caught.hold).toBe('processed');
    expect(discord.message(sent.id)?.content).toBe('held for a moment');
    // Only one request was caught: the next one goes straight through.
    await general.send('not held');
    expect(hold.caught).toHaveLength(1);
  });

  it('processes a released request even when its client has gone away, or drops it unhandled', async () => {
    const general = discord.fixture.channels.general.id;
    const post = (content: string, signal: AbortSignal) =>
      fetch(`${discord.apiUrl}/v10/channels/${general}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content }),
        signal,
      });
    for (const [mode, content] of [['process', 'sent, answer lost'], ['drop', 'never seen']] as const) {
      const hold = discord.fail.hold((r) => (r.body as { content?: string } | null)?.content === content);
      const abort = new AbortController();
      const request = post(content, abort.signal).catch((error: unknown) => error);
      const caught = await hold.waitUntilCaught();
      abort.abort(); // the client dies while its request is in flight
      await request;
      hold.release(mode);
      if (mode === 'process') await discord.waitFor(() => caught.status === 200, 2000, 'the released request handled');
      else await discord.waitFor(() => caught.hold === 'dropped', 2000, 'the released request dropped');
      const stored = discord.messages(general).filter((m) => m.content === content);
      expect(stored).toHaveLength(mode === 'process' ? 1 : 0);
      expect(caught.hold).toBe(mode === 'process' ? 'processed' : 'dropped');
    }
  });

  it('recorded only the contract violations the tests provoked', () => {
    const reasons = discord.contractViolations.map((r) => `${r.route}: ${r.contractErrors.join('; ')}`);
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/^PUT \/applications\/:app\/commands: /);
    expect(reasons[1]).toMatch(/^POST \/interactions\/:interaction\/:token\/callback: /);
    expect(reasons[2]).toMatch(/^POST \/channels\/:channel\/messages: content/);
  });

  it('refuses a client with the wrong token', async () => {
    const other = newClient();
    extraClients.push(other);
    await expect(other.login('not-the-token')).rejects.toThrow();
  });
});
