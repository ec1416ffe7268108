// What a command is: its registration JSON and handlers that take plain inputs and return plain
// replies. The router adapts discord.js interactions to these inputs, and `npm run try` builds them
// from the terminal, so both run exactly the same handler.
import type { APIApplicationCommandOptionChoice, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { AppContext } from '../context.ts';
import type { MessageBody, Reply } from '../render/message.ts';


export type OptionValue = string | number | boolean;

export interface Invoker {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in this channel; null in DMs. */
  permissions: bigint | null;
}

export interface CommandInput extends Invoker {
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
}

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
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Acknowledge privately first ("thinking…") because the handler waits on Discord or I/O. */
  defer?: boolean;
  execute(input: CommandInput, ctx: AppContext): Reply | Promise<Reply>;
  autocomplete?(input: AutocompleteInput, ctx: AppContext): Choice[] | Promise<Choice[]>;
  /** Handles components whose custom id starts with `${data.name}:`. */
  component?(input: ComponentInput, ctx: AppContext): ComponentResult | Promise<ComponentResult>;
  /** Rules for option values, by subcommand ('' without one), then option name. */
  optionRules?: Record<string, Record<string, OptionRule>>;
  /** Whose a component is, from its custom id's args. Default: the message's, others refused. */
  componentOwner?(args: string[], ctx: AppContext): ComponentOwner;
}

