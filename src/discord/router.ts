// One interaction router with one error boundary. It adapts discord.js interactions to the plain
// inputs commands take, sends what they return, and turns failures into friendly private answers.
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type AttachmentPayload,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { AppContext } from '../app/context.ts';
import { type Command, type CommandInput, type Invoker, type OptionValue } from './command.ts';
import { UserError, type MessageBody, type Reply } from '../render/message.ts';
import { classify, describeError } from '../delivery/discord-errors.ts';
import type { Logger } from '../base/logger.ts';
import { MESSAGE_OWNER_ONLY, checkInstall, checkOptions, checkOwner, gatewayFacts, type InstallFacts } from './preconditions.ts';
import { isBusy } from '../store/busy.ts';
import { withMentions } from './mentions.ts';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/** Discord wants a first answer within 3 s; a handler still working by then (waiting for a
 *  database another process has locked, or for a slow DM) gets a "thinking…" first. */
export const AUTO_DEFER_MS = 1500;

const BUSY_ANSWER =
  "Lumbar's database is busy right now (another program is using it), so nothing was changed. Please try again in a minute.";

/** What a feature tells a member after the answer to their command (e.g. that their reminders were paused), or null.
 *  Features provide these and main.ts passes them in: the router knows no feature. */
export type AfterAnswer = (userId: string, ctx: AppContext, log: Logger) => Promise<Reply | null>;

/** The router as the bot uses it: one function that takes every interaction. */
export function createRouter(commands: readonly Command[], ctx: AppContext, afterAnswer: readonly AfterAnswer[] = []): (interaction: Interaction) => Promise<void> {
  const router = new Router(commands, ctx, afterAnswer);
  return (interaction) => router.route(interaction);
}

class Router {
  private readonly byName: Map<string, Command>;

  constructor(
    commands: readonly Command[],
    private readonly ctx: AppContext,
    private readonly afterAnswer: readonly AfterAnswer[],
  ) {
    this.byName = new Map(commands.map((c) => [c.data.name, c]));
  }

  /** Every answer names commands as clickable mentions once this process knows their ids. */
  private readonly link = <B extends MessageBody>(body: B): B => withMentions(body, this.ctx.commandIds);

  async route(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu()) return;
    const log = this.ctx.logger.child({ interaction: interaction.id, user: interaction.user.id });
    // Which gateway shard brought it (a DM's arrives on shard 0): with several processes, which one answers.
    log.debug({ shard: interaction.guild?.shardId ?? 0 }, 'interaction received');
    try {
      if (interaction.isChatInputCommand()) await this.runCommand(interaction, log);
      else await this.runComponent(interaction, log);
    } catch (err) {
      await answerFailure(interaction, err, log, this.link);
    } finally {
      await this.tellAfterAnswer(interaction, log);
    }
  }

  private async runCommand(interaction: ChatInputCommandInteraction, log: Logger): Promise<void> {
    const command = this.byName.get(interaction.commandName);
    if (!command) throw new UserError('I no longer know that command. It may take a minute for Discord to update the list.');
    const input = toCommandInput(interaction);
    // Precondition step: the installation and place must be ones the command is registered for, and option
    // values are checked against the gateway cache, before anything else.
    checkInstall(command, installFacts(interaction));
    checkOptions(command, input, gatewayFacts(interaction.client));
    const deferPrivately = async () => void (interaction.deferred || (await interaction.deferReply({ flags: MessageFlags.Ephemeral })));
    if (command.defer) await deferPrivately();
    const work = Promise.resolve(command.execute(input, this.ctx));
    await send(interaction, this.link(await withAutoDefer(work, deferPrivately, log)));
  }

  private async runComponent(interaction: ButtonInteraction | StringSelectMenuInteraction, log: Logger): Promise<void> {
    const [prefix = '', ...args] = interaction.customId.split(':');
    const command = this.byName.get(prefix);
    if (!command?.component) throw new UserError('This button is out of date. Run the command again.');
    // Precondition step: the owner comes from the message's interaction metadata or Lumbar's records, never the custom id.
    const owner = (await command.componentOwner?.(args, this.ctx)) ?? MESSAGE_OWNER_ONLY;
    const isOwner = checkOwner(owner, interaction.user.id, interaction.message.interactionMetadata?.user.id ?? null);
    const values = interaction.isStringSelectMenu() ? interaction.values : [];
    const work = Promise.resolve(command.component({ ...invoker(interaction), args, values, isOwner }, this.ctx));
    // Deferred as an update: the "thinking…" is on the message itself, and a private answer is a follow-up.
    const result = await withAutoDefer(work, () => interaction.deferUpdate(), log);
    if (!('update' in result)) await send(interaction, this.link(result.reply));
    else if (interaction.deferred) await interaction.editReply(toDiscord(this.link(result.update)));
    else await interaction.update(toDiscord(this.link(result.update)));
  }

  /** Only once the command is answered: a notice never takes the place of the answer. */
  private async tellAfterAnswer(interaction: Repliable, log: Logger): Promise<void> {
    if (!(interaction.replied || interaction.deferred)) return;
    for (const notice of this.afterAnswer) {
      const reply = await notice(interaction.user.id, this.ctx, log);
      if (reply) await answerSafely(interaction, this.link(reply), log);
    }
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = this.byName.get(interaction.commandName);
    let choices: { name: string; value: string }[] = [];
    try {
      const focused = interaction.options.getFocused(true);
      if (command?.autocomplete) {
        choices = await command.autocomplete({ ...toCommandInput(interaction), focused: { name: focused.name, value: String(focused.value ?? '') } }, this.ctx);
      }
    } catch (err) {
      this.ctx.logger.warn({ interaction: interaction.id, err: describeError(err) }, 'autocomplete failed; answering with no choices');
    }
    try {
      await interaction.respond(choices.slice(0, 25));
    } catch (err) {
      // Members type faster than we answer; a superseded autocomplete is normal, not an error.
      const { kind } = classify(err);
      if (kind === 'expired-interaction' || kind === 'already-answered') return;
      this.ctx.logger.warn({ interaction: interaction.id, err: describeError(err) }, 'autocomplete answer failed');
    }
  }
}

/** The error boundary: an expected problem is said privately; anything else is logged and apologised for. */
async function answerFailure(interaction: Repliable, err: unknown, log: Logger, link: (reply: Reply) => Reply): Promise<void> {
  if (err instanceof UserError) {
    await answerSafely(interaction, link({ ephemeral: true, content: err.message, ...err.extra }), log);
  } else if (isBusy(err)) {
    log.warn({ err: describeError(err) }, 'database locked by another process for too long; the member was told nothing changed');
    await answerSafely(interaction, { ephemeral: true, content: BUSY_ANSWER }, log);
  } else {
    log.error({ err: describeError(err) }, 'interaction failed');
    const content = `Sorry, something went wrong on my side. Please try again in a moment. (reference \`${interaction.id}\`)`;
    await answerSafely(interaction, { ephemeral: true, content }, log);
  }
}

/** Races the handler against Discord's answer window: past AUTO_DEFER_MS, acknowledge first. */
async function withAutoDefer<T>(work: Promise<T>, defer: () => Promise<unknown>, log: Logger): Promise<T> {
  let deferring: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferring = defer().catch((err: unknown) => log.warn({ err: describeError(err) }, 'could not defer a slow interaction'));
  }, AUTO_DEFER_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    await deferring;
  }
}

async function send(interaction: Repliable, reply: Reply): Promise<void> {
  const options: InteractionReplyOptions = { ...toDiscord(reply), flags: reply.ephemeral ? MessageFlags.Ephemeral : undefined };
  // A component deferred as an update keeps its message: the answer is a new (follow-up) message.
  if (interaction.deferred && !interaction.replied && !interaction.isChatInputCommand()) {
    await interaction.followUp(options);
    return;
  }
  // A deferred reply is finished by editing the "thinking…" message; after that, follow-ups.
  if (interaction.deferred && !interaction.replied) await interaction.editReply(toDiscord(reply));
  else if (interaction.replied) await interaction.followUp(options);
  else await interaction.reply(options);
}

/** The last word on an interaction; if even that fails, log it by code and stop. */
async function answerSafely(interaction: Repliable, reply: Reply, log: Logger): Promise<void> {
  try {
    await send(interaction, reply);
  } catch (err) {
    if (classify(err).kind === 'expired-interaction') log.warn('answered too late: Discord had already expired the interaction (10062)');
    else log.error({ err: describeError(err) }, 'could not answer the interaction');
  }
}

export interface DiscordBody {
  content?: string;
  embeds?: MessageBody['embeds'];
  components?: MessageBody['components'];
  /** discord.js sends these as multipart `files[n]`, each listed in `attachments` with its description. */
  files?: AttachmentPayload[];
  /** The message's attachments to keep: none, so the files above are exactly what it has afterwards. */
  attachments?: [];
  allowedMentions: MessageMentionOptions;
}

/** Every message goes out with mentions suppressed, except roles a message explicitly allows. */
export function toDiscord(body: MessageBody): DiscordBody {
  // Only what the body sets: an update that leaves out embeds keeps the message's embeds (and files, its files).
  const out: DiscordBody = { allowedMentions: { parse: [], roles: body.allowedRoleIds ?? [], users: [], repliedUser: false } };
  if (body.content !== undefined) out.content = body.content;
  if (body.embeds !== undefined) out.embeds = body.embeds;
  if (body.components !== undefined) out.components = body.components;
  if (body.files !== undefined) {
    // A new array each time: discord.js appends the uploads' entries (id, description) to it.
    out.attachments = [];
    out.files = body.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description }));
  }
  return out;
}

function invoker(i: Interaction): Invoker {
  return { userId: i.user.id, guildId: i.guildId, channelId: i.channelId, permissions: i.memberPermissions?.bitfield ?? null };
}

/** Through a member's own install, in a server without Lumbar, `interaction.guild` is null and the channel unknown: only these two are read. */
function installFacts(i: Interaction): InstallFacts {
  // toJSON() is the map Discord sent (absent from very old payloads).
  return { context: i.context, owners: (i.authorizingIntegrationOwners.toJSON() as InstallFacts['owners'] | undefined) ?? {} };
}

function toCommandInput(i: ChatInputCommandInteraction | AutocompleteInteraction): CommandInput {
  return { ...invoker(i), ...flattenOptions(i.options.data) };
}

/** Subcommands (and groups) become `subcommand`; the options under them become plain values. */
export function flattenOptions(data: readonly CommandInteractionOption[]): Pick<CommandInput, 'subcommand' | 'options'> {
  let subcommand: string | null = null;
  let list = data;
  for (;;) {
    const nested = list.find((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
    if (!nested) break;
    subcommand = subcommand ? `${subcommand} ${nested.name}` : nested.name;
    list = nested.options ?? [];
  }
  const options: Record<string, OptionValue | undefined> = {};
  for (const o of list) if (o.value !== undefined && o.value !== null) options[o.name] = o.value;
  return { subcommand, options };
}
