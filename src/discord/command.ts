// What a command is: its registration JSON and handlers that take plain inputs and return plain
// replies. The router adapts discord.js interactions to these inputs, and `npm run try` builds them
// from the terminal, so both run exactly the same handler.
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { AppContext } from '../app/context.ts';
import type { MessageBody, Reply } from '../render/message.ts';
import type { AutocompleteName, CommandData, OptionNamesBySubcommand, ParsedOptions, RawOptions } from './option-types.ts';
import { autocompletes, parseOptions } from './options.ts';

export type { OptionValue } from './option-types.ts';

export interface Invoker {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in this channel; null in DMs. */
  permissions: bigint | null;
}

export interface CommandInput extends Invoker, RawOptions {}

export interface AutocompleteInput extends CommandInput {
  focused: { name: string; value: string };
}

export interface ComponentInput extends Invoker {
  /** The custom id after the command's prefix and its colon, split on ':'. */
  args: string[];
  values: string[];
  /** The presser owns what the component is on, as the router's precondition step decided (never from the custom id). */
  isOwner: boolean;
}

/** What a slash command option must be, checked by the router before `execute` runs (preconditions.ts). */
export type OptionRule =
  /** A text or announcement channel of the server the command is used in. */
  | 'postable-channel'
  /** A role of the server the command is used in, other than @everyone. */
  | 'server-role';

/** Whose a component is. The router refuses anyone else privately before `component` runs (preconditions.ts). */
export type ComponentOwner =
  /** Whoever started the interaction that made the message. With `others: 'allowed'` the handler sees `isOwner` false instead. */
  | { kind: 'message'; others: 'refused' | 'allowed' }
  /** A member known from Lumbar's own records (a reminder's owner); null when the record is gone. */
  | { kind: 'member'; userId: string | null };

/** A button or menu either edits the message it is on, or answers with a new one. */
export type ComponentResult = { update: MessageBody } | { reply: Reply };

export type Choice = APIApplicationCommandOptionChoice<string>;

export interface Command {
  data: CommandData;
  /** Acknowledge privately first ("thinking…") because the handler waits on Discord or I/O. */
  defer?: boolean;
  execute(input: CommandInput, ctx: AppContext): Reply | Promise<Reply>;
  autocomplete?(input: AutocompleteInput, ctx: AppContext): Choice[] | Promise<Choice[]>;
  /** Handles components whose custom id starts with `${data.name}:`. */
  component?(input: ComponentInput, ctx: AppContext): ComponentResult | Promise<ComponentResult>;
  /** Rules for option values, by subcommand ('' without one), then option name. */
  optionRules?: Record<string, Record<string, OptionRule>>;
  /** Whose a component is, from its custom id's args. Default: the message's, others refused. */
  componentOwner?(args: string[], ctx: AppContext): ComponentOwner | Promise<ComponentOwner>;
}


/** What a command's `execute` gets: its options as its declaration types them (option-types.ts). */
export type TypedInput<D> = Invoker & ParsedOptions<D>;

export type TypedAutocompleteInput<D> = Invoker & { focused: { name: AutocompleteName<D>; value: string } };

/** Option rules keyed by the command's own subcommand and option names. */
export type TypedOptionRules<D> = { [S in keyof OptionNamesBySubcommand<D>]?: Partial<Record<Extract<OptionNamesBySubcommand<D>[S], string>, OptionRule>> };

export interface CommandSpec<D> extends Pick<Command, 'defer' | 'component' | 'componentOwner'> {
  execute(input: TypedInput<D>, ctx: AppContext): Reply | Promise<Reply>;
  /** Called only for options the declaration marks `autocomplete: true`. */
  autocomplete?(input: TypedAutocompleteInput<D>, ctx: AppContext): Choice[] | Promise<Choice[]>;
  optionRules?: TypedOptionRules<D>;
}

/** A command whose handlers are typed from its declaration; inputs are checked against it before they run. */
export function defineCommand<D extends CommandData>(data: D, spec: CommandSpec<D>): Command & { data: D } {
  const { execute, autocomplete, optionRules, ...rest } = spec;
  const command: Command & { data: D } = {
    ...rest,
    data,
    execute: (input, ctx) => execute({ ...invokerOf(input), ...parseOptions(data, input) }, ctx),
  };
  if (optionRules) command.optionRules = optionRules as Command['optionRules'];
  if (autocomplete) {
    command.autocomplete = (input, ctx) =>
      autocompletes(data, input.focused.name) ? autocomplete({ ...invokerOf(input), focused: input.focused as TypedAutocompleteInput<D>['focused'] }, ctx) : [];
  }
  return command;
}

/** For the `default:` of a switch over subcommands (or option names): `tsc` fails here when one is left out. */
export function exhaustive(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}

function invokerOf({ userId, guildId, channelId, permissions }: Invoker): Invoker {
  return { userId, guildId, channelId, permissions };
}
