// Lumbar end to end: the bot as a child process, started the way a user starts it, against the local Discord.
// One bot serves the knowledge-command tests (they store nothing and use their own interactions); the last test
// stops it with SIGTERM. A second process checks a token Discord rejects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { SECTION_INFO, type Section } from '../../src/render/backpain.ts';
import { ROOT, startBot, tempDir } from './bot-process.ts';
import { autocomplete, button, slashCommand, stringSelect } from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle, messageBodies } from './helpers.ts';
import { EPHEMERAL, e2eHarness } from './harness.ts';

interface RedFlagLevel {
  id: string;
  title: string;
  symptoms: { id: string }[];
}
const levels = (JSON.parse(readFileSync(join(ROOT, 'data/redflags.json'), 'utf8')) as { levels: RedFlagLevel[] }).levels;
const sources = JSON.parse(readFileSync(join(ROOT, 'data/sources.json'), 'utf8')) as { id: string; title: string }[];
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const h = e2eHarness({ bot: {} });

const member = () => h.discord.fixture.users.member.id;
const admin = () => h.discord.fixture.users.admin.id;
const general = () => h.discord.fixture.channels.general.id;

/** The heading a card shows for a section (the bot's own table, so wording changes don't break the tests). */
const heading = (section: Section) => SECTION_INFO[section].heading;

describe('start-up', () => {
  it('registers every command globally, exactly as defined, with their options', () => {
    const registered = h.discord.commands();
    expect(registered.map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    expect(registered.map((c) => c.name)).toEqual(expect.arrayContaining(['backpain', 'stretch', 'redflags', 'about', 'remind']));
    expect(h.discord.commands(h.discord.fixture.guild.id)).toEqual([]);
    for (const command of commands) {
      const stored = registered.find((c) => c.name === command.data.name);
      expect(stored, command.data.name).toMatchObject({ type: 1, description: command.data.description, contexts: command.data.contexts, integration_types: command.data.integration_types });
      expect(stored?.options ?? [], command.data.name).toEqual(command.data.options ?? []);
    }
    const backpain = registered.find((c) => c.name === 'backpain');
    expect(backpain?.options).toEqual([
      expect.objectContaining({ name: 'activity', type: 3, required: true, autocomplete: true }),
      expect.objectContaining({ name: 'section', type: 3, choices: ['overview', 'causes', 'relief', 'prevention', 'stretches', 'red-flags'].map((value) => expect.objectContaining({ value })) }),
      expect.objectContaining({ name: 'share', type: 5 }),
    ]);
    expect(registered.find((c) => c.name === 'stretch')?.options).toEqual([
      expect.objectContaining({ name: 'name', type: 3, autocomplete: true }),
      expect.objectContaining({ name: 'routine', type: 3, autocomplete: true }),
    ]);
    const remind = registered.find((c) => c.name === 'remind');
    expect((remind?.options as { name: string; type: number }[]).map((o) => [o.name, o.type])).toEqual(
      ['set', 'list', 'pause', 'resume', 'delete', 'test', 'forget-me'].map((name) => [name, 1]),
    );
    // The knowledge commands are for everyone, in servers, DMs with the bot and, through a member's own install, group DMs.
    for (const name of ['backpain', 'stretch', 'redflags', 'about', 'help']) {
      expect(registered.find((c) => c.name === name), name).toMatchObject({ default_member_permissions: null, contexts: [0, 1, 2], integration_types: [0, 1] });
    }
  });

  it('logs in with the Guilds intent only and prints an invite link', () => {
    expect(h.discord.identifies.map((i) => i.intents)).toEqual([1]);
    const ready = h.bot.logs.find((l) => l.msg === 'Lumbar is ready');
    expect(ready).toMatchObject({
      guilds: 1,
      invite: expect.stringContaining(`client_id=${h.discord.applicationId}`),
      addToAccount: expect.stringContaining(`client_id=${h.discord.applicationId}&scope=applications.commands&integration_type=1`),
    });
    expect(h.bot.output).not.toContain(h.discord.token);
  });
});

describe('/backpain', () => {
  it('answers privately by default, at the chosen section', async () => {
    const { type, data, message } = await h.run(slashCommand('backpain', { options: { activity: 'deadlift', section: 'relief' } }));
    expect(type).toBe(4);
    expect(data.flags).toBe(EPHEMERAL);
    expect(firstEmbedTitle(message)).toMatch(new RegExp(`deadlift.*${SECTION_INFO.relief.heading}`, 'i'));
    expect(embedText(message)).toMatch(/\/redflags/);
    expect(message?.id).toBeDefined();
    expect(h.discord.messages(general()).map((m) => m.id)).not.toContain(message?.id);
  });

  it('share:false stays private; share:true posts the card in the channel', async () => {
    const hidden = await h.run(slashCommand('backpain', { options: { activity: 'running', share: false } }));
    expect(hidden.data.flags).toBe(EPHEMERAL);
    expect(h.discord.messages(general()).map((m) => m.id)).not.toContain(hidden.message?.id);

    const shared = await h.run(slashCommand('backpain', { options: { activity: 'squat', section: 'causes', share: true } }));
    expect(shared.type).toBe(4);
    expect((Number(shared.data.flags ?? 0) & EPHEMERAL) === 0).toBe(true);
    expect(h.discord.messages(general()).map((m) => m.id)).toContain(shared.message?.id);
    expect(firstEmbedTitle(shared.message)).toMatch(new RegExp(`squat.*${SECTION_INFO.causes.heading}`, 'i'));
  });

  it('moves a shared card for its owner; anyone else gets a private copy', async () => {
    const shared = await h.run(slashCommand('backpain', { options: { activity: 'running', share: true } }));
    const card = shared.message!;
    const ids = componentsOf(card).map((c) => c.custom_id);
    expect(ids).toContain(`backpain:running:prevention:${member()}`);
    expect(componentsOf(card).find((c) => c.custom_id === `backpain:running:overview:${member()}`)?.disabled).toBe(true);

    const owner = await h.run(button(`backpain:running:prevention:${member()}`, { message: card.id }));
    expect(owner.type).toBe(7);
    const moved = h.discord.message(card.id)!;
    expect(firstEmbedTitle(moved)).toContain(heading('prevention'));
    expect(componentsOf(moved).find((c) => c.custom_id === `backpain:running:prevention:${member()}`)?.disabled).toBe(true);

    const other = await h.run(button(`backpain:running:causes:${member()}`, { message: card.id, user: 'admin' }));
    expect(other.type).toBe(4);
    expect(other.data.flags).toBe(EPHEMERAL);
    expect(firstEmbedTitle(other.message)).toContain(heading('causes'));
    expect(componentsOf(other.message).every((c) => c.custom_id?.endsWith(`:${admin()}`))).toBe(true);
    // The shared card did not move.
    expect(firstEmbedTitle(h.discord.message(card.id))).toContain(heading('prevention'));
  });

  it('answers an uncertain activity privately with "did you mean" buttons above the general card, an unknown one with the general card', async () => {
    const { data, message } = await h.run(slashCommand('backpain', { options: { activity: 'swim laps' } }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(message?.content).toMatch(/did you mean/i);
    const suggestion = componentsOf(message).find((c) => c.custom_id === `backpain:swimming:overview:${member()}`);
    expect(suggestion?.label).toMatch(/swimming/i);

    const opened = await h.run(button(suggestion!.custom_id!, { message: message!.id }));
    expect(opened.type).toBe(7);
    expect(firstEmbedTitle(h.discord.message(message!.id))).toMatch(/swimming/i);

    const nothing = await h.run(slashCommand('backpain', { options: { activity: 'underwater basket weaving' } }));
    expect(nothing.data.flags).toBe(EPHEMERAL);
    expect(nothing.message?.content).toMatch(/don't have a card for “underwater basket weaving” yet, so here is general advice/);
    expect(firstEmbedTitle(nothing.message)).toMatch(/exercise in general/i);
    expect(embedText(nothing.message)).toMatch(/\/redflags/);

    const cycling = await h.run(slashCommand('backpain', { options: { activity: 'spin class' } }));
    expect(firstEmbedTitle(cycling.message)).toMatch(/cycling/i);
  });
});

describe('autocomplete', () => {
  const choices = async (name: string, focused: string, value: string) => {
    const { type, data } = await h.run(autocomplete(name, focused, { value }));
    expect(type).toBe(8);
    return (data.choices ?? []) as { name: string; value: string }[];
  };

  it('understands aliases', async () => {
    expect((await choices('backpain', 'activity', 'dl'))[0]).toMatchObject({ value: 'deadlift', name: expect.stringMatching(/Deadlift/) });
    expect((await choices('backpain', 'activity', 'jogging'))[0]).toMatchObject({ value: 'running', name: expect.stringMatching(/Running/) });
    expect((await choices('stretch', 'name', 'piri'))[0]).toMatchObject({ value: 'piriformis-stretch' });
  });

  it('offers every activity for an empty field, and answers 100 characters of junk in time', async () => {
    const all = await choices('backpain', 'activity', '');
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.length).toBeLessThanOrEqual(25);
    const junk = await choices('backpain', 'activity', '%$#@!~`"\\<>{}[]|'.repeat(7).slice(0, 100));
    expect(junk.length).toBeLessThanOrEqual(25);
  });
});

describe('/stretch, /redflags, /about', () => {
  it('/stretch with a name shows it step by step; without a name, the list and a menu that opens one', async () => {
    const one = await h.run(slashCommand('stretch', { options: { name: 'piriformis' } }));
    expect(one.data.flags).toBe(EPHEMERAL);
    expect(firstEmbedTitle(one.message)).toMatch(/Piriformis/);
    expect(embedText(one.message)).toMatch(/How to do it/);

    const list = await h.run(slashCommand('stretch'));
    expect(list.data.flags).toBe(EPHEMERAL);
    const menu = componentsOf(list.message).find((c) => c.type === 3);
    expect(menu?.custom_id).toBe('stretch:pick');
    const pick = menu!.options!.find((o) => o.value === 'knee-to-chest') ?? menu!.options![0]!;
    const picked = await h.run(stringSelect('stretch:pick', [pick.value], { message: list.message!.id }));
    expect(picked.type).toBe(7);
    expect(firstEmbedTitle(h.discord.message(list.message!.id))).toContain(pick.label.replace(/…$/, ''));

    const unknown = await h.run(slashCommand('stretch', { options: { name: 'zzqx' } }));
    expect(unknown.data.flags).toBe(EPHEMERAL);
    expect(unknown.message?.content).toMatch(/couldn't find that stretch/);
  });

  it('/redflags shows the ladder, most severe first, and the menu answers with the most severe level picked', async () => {
    const ladder = await h.run(slashCommand('redflags'));
    expect(ladder.data.flags).toBe(EPHEMERAL);
    const text = embedText(ladder.message);
    const positions = levels.map((l) => text.indexOf(l.title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const menu = componentsOf(ladder.message).find((c) => c.type === 3);
    expect(menu?.custom_id).toBe('redflags:check');
    const offered = new Set(menu!.options!.map((o) => o.value));
    const pickFrom = (level: RedFlagLevel) => level.symptoms.map((s) => s.id).find((id) => offered.has(id))!;
    const [emergency, urgent, soon] = levels;
    const ask = async (values: string[]) => {
      const reply = await h.run(stringSelect('redflags:check', values, { message: ladder.message!.id }));
      expect(reply.type).toBe(4);
      expect(reply.data.flags).toBe(EPHEMERAL);
      return firstEmbedTitle(reply.message);
    };
    expect(await ask([pickFrom(soon!)])).toContain(soon!.title);
    expect(await ask([pickFrom(soon!), pickFrom(urgent!)])).toContain(urgent!.title);
    expect(await ask([pickFrom(soon!), pickFrom(emergency!), pickFrom(urgent!)])).toContain(emergency!.title);
    // The ladder itself is untouched.
    expect(embedText(h.discord.message(ladder.message!.id))).toBe(text);
  });

  it('/about lists every source, the version and what Lumbar stores', async () => {
    const about = await h.run(slashCommand('about'));
    expect(about.data.flags).toBe(EPHEMERAL);
    const text = embedText(about.message);
    for (const source of sources) expect(text, source.id).toContain(source.title);
    expect(text).toContain(version);
    expect(text).toMatch(/What Lumbar stores/);
  });

  it('works in a DM with the bot too', async () => {
    const { type, data } = await h.run(slashCommand('backpain', { dm: true, options: { activity: 'yoga' } }));
    expect(type).toBe(4);
    expect(data.flags).toBe(EPHEMERAL);
  });
});

describe('Discord trouble', () => {
  it('still replies after a transient 500 (discord.js retries)', async () => {
    h.discord.fail.next(1, { status: 500 });
    const handle = h.discord.injectInteraction(slashCommand('about'));
    const { type, message } = await h.answer(handle);
    expect(type).toBe(4);
    expect(firstEmbedTitle(message)).toMatch(/About Lumbar/);
    const callbacks = h.discord.requests.slice(h.mark).filter((r) => r.path.startsWith(`/interactions/${handle.id}/`));
    expect(callbacks.map((r) => r.status)).toEqual([500, 204]);
  });

  it('sends every reply with mentions switched off', async () => {
    const handles = [
      h.discord.injectInteraction(slashCommand('backpain', { options: { activity: '@everyone <@&1180000000000000301>' } })),
      h.discord.injectInteraction(slashCommand('backpain', { options: { activity: 'walking', share: true } })),
    ];
    for (const h of handles) await h.response();
    const bodies = messageBodies(h.discord.requests.slice(h.mark));
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const { body } of bodies) expect(body.allowed_mentions).toMatchObject({ parse: [] });
    expect(h.discord.messages(general()).every((m) => m.mention_everyone === false && (m.mention_roles as string[]).length === 0)).toBe(true);
  });
});

describe('a token Discord rejects', () => {
  // npm start builds first (prestart), so this one takes a few seconds.
  it('npm start exits non-zero with a helpful line, never printing the token', { timeout: 90_000 }, async () => {
    const wrong = `${Buffer.from(h.discord.applicationId).toString('base64url')}.Zm9vYg.${'x'.repeat(27)}`;
    expect(wrong).not.toBe(h.discord.token);
    const rejected = startBot({ name: 'npm start (wrong token)', via: 'npm', discord: { url: h.discord.url, token: wrong }, databasePath: join(tempDir(), 'lumbar.db') });
    const exit = await rejected.waitForExit(80_000);
    expect(exit.code).not.toBe(0);
    expect(rejected.output).toMatch(/Discord rejected DISCORD_TOKEN.*Developer Portal/);
    expect(rejected.output).not.toContain(wrong);
    expect(rejected.output).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    expect(h.discord.requests.slice(h.mark).some((r) => r.status === 401)).toBe(true);
  });
});

describe('shutdown', () => {
  it('stops cleanly on SIGTERM within a few seconds, exit code 0', async () => {
    const from = h.bot.logs.length;
    const started = Date.now();
    const exit = await h.bot.stop(10_000);
    const took = Date.now() - started;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(5000);
    expect(h.bot.logs.slice(from).map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped cleanly']));
    expect(h.bot.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
    await h.discord.waitFor(() => h.discord.gatewayConnections.every((c) => !c.open), 2000, 'the gateway connection closed');
  });
});
