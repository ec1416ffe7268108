// Run the local Discord emulator by hand:  tsx test/e2e/cli.ts [--port 8787] [--no-contract] [--verbose]
// Point a bot at it with the printed DISCORD_TOKEN / DISCORD_API_URL, then type commands (see `help`).
import { createInterface } from 'node:readline';
import {
  autocomplete,
  button,
  parseSlash,
  startLocalDiscord,
  stringSelect,
  type ContextSpec,
  type InteractionHandle,
  type InteractionSpec,
  type WireMessage,
} from './emulator/index.ts';

const HELP = `
Commands (prefix any interaction with @user, #channel, "dm", "group" or "elsewhere" to change who/where; default @member in #general):
  /backpain activity:deadlift          slash command (words without ":" are subcommand group/subcommand)
  @admin #club-tips /club tips where:#general hour:7
  dm /backpain activity:"lower back"   from the member's DM with the bot
  group /help                          through the member's own install, in a group DM
  elsewhere /backpain activity:squat   through the member's own install, in a server the bot is not in
  auto /backpain activity:dea          autocomplete; the last option is the focused one
  click <custom_id> [message id]       press a button (on that message, or a made-up one)
  select <custom_id> <v1,v2> [msg id]  choose string select values
  commands                             registered commands (global and guild)
  messages [#channel | @user]          visible messages in a channel or a user's DM
  requests [n]                         last n REST requests (default 15)
  violations | unexpected              contract violations / requests to routes not emulated
  fail dm @member [code]  |  fail channel #general 50013  |  fail next 1 500  |  fail next 1 429 0.5  |  fail clear
  dispatch EVENT {json}                send a raw gateway dispatch (e.g. dispatch GUILD_DELETE {"id":"..."})
  log on|off                           print every REST request as it completes
  help | quit
`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function summarize(msg: WireMessage | undefined): string {
  if (!msg) return '(none)';
  const parts: string[] = [];
  if (msg.content) parts.push(JSON.stringify(msg.content));
  for (const embed of msg.embeds) parts.push(`[embed ${JSON.stringify(embed.title ?? embed.description ?? '')}]`);
  const ids: string[] = [];
  const walk = (c: unknown) => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as Record<string, unknown>;
    if (typeof o.custom_id === 'string') ids.push(o.custom_id);
    if (Array.isArray(o.components)) o.components.forEach(walk);
  };
  msg.components.forEach(walk);
  if (ids.length) parts.push(`[components: ${ids.join(', ')}]`);
  if (msg.flags & 64) parts.push('(ephemeral)');
  return `${msg.id} ${parts.join(' ') || '(empty)'}`;
}

/** Pull leading @user / #channel / dm / group / elsewhere words off a line. */
function context(words: string[]): { ctx: ContextSpec; rest: string[] } {
  const ctx: ContextSpec = {};
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'dm') ctx.dm = true;
    else if (w === 'group') ctx.userInstall = 'group-dm';
    else if (w === 'elsewhere') ctx.userInstall = 'server-without-bot';
    else if (w.startsWith('@')) ctx.user = w.slice(1);
    else if (w.startsWith('#')) ctx.channel = w;
    else break;
  }
  return { ctx, rest: words.slice(i) };
}

async function report(handle: InteractionHandle): Promise<void> {
  try {
    const response = await handle.response();
    const names: Record<number, string> = { 4: 'reply', 5: 'deferReply', 6: 'deferUpdate', 7: 'update', 8: 'autocomplete', 9: 'modal' };
    console.log(`← callback ${response.type} (${names[response.type] ?? '?'}): ${JSON.stringify(response.data)}`);
    if (response.type === 5) console.log(`← edited: ${summarize(await handle.reply(15_000))}`);
    else if (response.type !== 8 && response.type !== 9) console.log(`← @original: ${summarize(handle.original())}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const m of handle.followUps()) console.log(`← follow-up: ${summarize(m)}`);
  } catch (error) {
    console.log(`✗ ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const port = Number(arg('--port') ?? 8787);
  const discord = await startLocalDiscord({ port, contract: !process.argv.includes('--no-contract') });
  const f = discord.fixture;
  console.log(`Local Discord emulator on ${discord.url}  (gateway ${discord.gatewayUrl})`);
  console.log('Point the bot at it with:');
  console.log(`  DISCORD_TOKEN=${discord.token}`);
  console.log(`  DISCORD_API_URL=${discord.apiUrl}`);
  console.log(`  DISCORD_APPLICATION_ID=${discord.applicationId}`);
  console.log(`  DISCORD_GUILD_ID=${f.guild.id}`);
  console.log(`Guild "${f.guild.name}": #general ${f.channels.general.id}, #club-tips ${f.channels.clubTips.id}, #announcements ${f.channels.announcements.id}`);
  console.log(`Users: @admin ${f.users.admin.id} (${f.users.admin.username}, Manage Guild), @member ${f.users.member.id} (${f.users.member.username})`);
  console.log('Type "help" for commands.');

  let verbose = process.argv.includes('--verbose');
  let seen = 0;
  const poll = setInterval(() => {
    while (seen < discord.requests.length && discord.requests[seen]!.status !== 0) {
      const r = discord.requests[seen++]!;
      if (verbose) console.log(`  · ${r.method} ${r.path} → ${r.status}`);
      if (r.contractErrors.length) console.log(`  ✗ contract: ${r.method} ${r.path}\n    ${r.contractErrors.join('\n    ')}`);
      if (r.route === null) console.log(`  ? not emulated: ${r.method} ${r.path} (answered 404)`);
    }
  }, 200);

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'discord> ' });
  const reports = new Set<Promise<void>>();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    rl.close();
    await Promise.all(reports); // let answers to piped-in commands print before exiting
    clearInterval(poll);
    await discord.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());

  const inject = (spec: InteractionSpec) => {
    try {
      const handle = discord.injectInteraction(spec);
      console.log(`→ interaction ${handle.id} dispatched`);
      const done = report(handle).then(() => {
        reports.delete(done);
        if (!closing) rl.prompt();
      });
      reports.add(done);
    } catch (error) {
      console.log(`✗ ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  rl.on('line', (input) => {
    const line = input.trim();
    const words = line.split(/\s+/).filter(Boolean);
    const { ctx, rest } = context(words);
    const head = rest[0] ?? '';
    try {
      if (!line) {
        // nothing
      } else if (head.startsWith('/')) {
        const slash = parseSlash(rest.join(' '), ctx);
        const known = [...discord.commands(), ...discord.commands(f.guild.id)].some((c) => c.name === slash.name);
        if (!known) console.log(`(note: /${slash.name} is not registered; dispatching it anyway)`);
        inject(slash);
        return;
      } else if (head === 'auto' && rest[1]?.startsWith('/')) {
        const slash = parseSlash(rest.slice(1).join(' '));
        const names = Object.keys(slash.options ?? {});
        const focused = names.at(-1);
        if (!focused) throw new Error('auto needs at least one option, e.g. auto /backpain activity:dea');
        inject(autocomplete(slash.name, focused, { ...ctx, group: slash.group, subcommand: slash.subcommand, options: slash.options }));
        return;
      } else if (head === 'click' && rest[1]) {
        inject(button(rest[1], { ...ctx, message: rest[2] }));
        return;
      } else if (head === 'select' && rest[1] && rest[2]) {
        inject(stringSelect(rest[1], rest[2].split(','), { ...ctx, message: rest[3] }));
        return;
      } else if (head === 'commands') {
        const all = [...discord.commands().map((c) => ['global', c] as const), ...discord.commands(f.guild.id).map((c) => ['guild', c] as const)];
        if (!all.length) console.log('(no commands registered yet)');
        for (const [scope, c] of all) console.log(`${scope.padEnd(6)} /${c.name} ${c.id} — ${c.description}`);
      } else if (head === 'messages') {
        const target = rest[1] ?? '#general';
        const channelId = target.startsWith('@')
          ? discord.dmChannelOf((f.users[target.slice(1)] ?? { id: target.slice(1) }).id)
          : (Object.values(f.channels).find((c) => `#${c.name}` === target || c.id === target)?.id ?? target);
        const list = discord.messages(channelId);
        if (!list.length) console.log('(no messages)');
        for (const m of list) console.log(summarize(m));
      } else if (head === 'requests') {
        for (const r of discord.requests.slice(-Number(rest[1] ?? 15))) console.log(`${r.method} ${r.path} → ${r.status}`);
      } else if (head === 'violations') {
        if (!discord.contractViolations.length) console.log('(none)');
        for (const r of discord.contractViolations) console.log(`${r.method} ${r.path}\n  ${r.contractErrors.join('\n  ')}`);
      } else if (head === 'unexpected') {
        if (!discord.unexpected.length) console.log('(none)');
        for (const r of discord.unexpected) console.log(`${r.method} ${r.path}`);
      } else if (head === 'fail') {
        const [, what, a, b] = rest;
        const userId = (ref: string | undefined) => (f.users[(ref ?? '').replace(/^@/, '')] ?? { id: ref ?? '' }).id;
        const channelId = (ref: string | undefined) =>
          Object.values(f.channels).find((c) => `#${c.name}` === ref || c.id === ref)?.id ?? ref ?? '';
        if (what === 'dm') discord.fail.dm(userId(a), b ? Number(b) : undefined);
        else if (what === 'channel') discord.fail.channel(channelId(a), Number(b ?? 50013) as 10003 | 50001 | 50013);
        else if (what === 'next' && b === '429') discord.fail.next(Number(a), { status: 429, retryAfter: Number(rest[4] ?? 1) });
        else if (what === 'next') discord.fail.next(Number(a ?? 1), { status: 500 });
        else if (what === 'clear') discord.fail.clear();
        else throw new Error('usage: fail dm @user [code] | fail channel #name code | fail next n 500|429 [secs] | fail clear');
        console.log('ok');
      } else if (head === 'dispatch' && rest[1]) {
        const raw = line.slice(line.indexOf(rest[1]) + rest[1].length).trim() || '{}';
        console.log(`sent to ${discord.dispatch(rest[1], JSON.parse(raw) as Record<string, unknown>)} session(s)`);
      } else if (head === 'log') {
        verbose = rest[1] !== 'off';
        console.log(`request log ${verbose ? 'on' : 'off'}`);
      } else if (head === 'help') {
        console.log(HELP);
      } else if (head === 'quit' || head === 'exit') {
        void shutdown();
        return;
      } else {
        console.log('Unknown command; type "help".');
      }
    } catch (error) {
      console.log(`✗ ${error instanceof Error ? error.message : String(error)}`);
    }
    rl.prompt();
  });
  rl.on('close', () => void shutdown());
  rl.prompt();
}

void main();
