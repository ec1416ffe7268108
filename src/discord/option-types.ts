// A command's input, derived at the type level from its registration JSON (declared `as const`):
// a misspelt option name or a wrong value type fails `tsc`, and subcommands form a union that a
// switch can check for exhaustiveness. options.ts builds values of these types at run time.
import type { ApplicationCommandOptionType as T, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export type OptionValue = string | number | boolean;

/** A command's options as the router and `npm run try` hand them over: by name, unchecked. */
export interface RawOptions {
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
}

/** What every command's `data` satisfies: Discord's own body type. */
export type CommandData = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The part of an option declaration the mapping reads. */
export interface OptionDecl {
  readonly type: T;
  readonly name: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly { readonly value: string | number }[];
  readonly options?: readonly OptionDecl[];
}

/** String -> string (or its choices), Integer/Number -> number, Boolean -> boolean, Channel/Role/User -> id. */
export type ValueOf<O> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O extends { readonly type: T.String | T.Channel | T.Role | T.User | T.Mentionable }
    ? string
    : O extends { readonly type: T.Integer | T.Number }
      ? number
      : O extends { readonly type: T.Boolean }
        ? boolean
        : never;

type Declared<O> = O extends { readonly options: readonly (infer D)[] } ? D : never;
type IsRequired<O> = O extends { readonly required: true } ? true : false;

/** `{ name: value }` for one level of declarations: required ones always set, the others optional. */
export type OptionsOf<O> = {
  [D in O as IsRequired<D> extends true ? (D extends OptionDecl ? D['name'] : never) : never]: ValueOf<D>;
} & {
  [D in O as IsRequired<D> extends true ? never : D extends OptionDecl ? D['name'] : never]?: ValueOf<D>;
};

type Subcommands<Data> = Extract<Declared<Data>, { readonly type: T.Subcommand; readonly name: string }>;

type PerSubcommand<S> = S extends OptionDecl ? { subcommand: S['name']; options: OptionsOf<Declared<S>> } : never;

/** Without subcommands: `subcommand` is null. With them: a union discriminated on `subcommand`. */
export type ParsedOptions<Data> = [Subcommands<Data>] extends [never]
  ? { subcommand: null; options: OptionsOf<Declared<Data>> }
  : PerSubcommand<Subcommands<Data>>;

/** Every subcommand name (null without subcommands). */
export type SubcommandName<Data> = ParsedOptions<Data>['subcommand'];

type AllOptions<Data> = Declared<Data> | Declared<Subcommands<Data>>;

/** The names of the options that autocomplete, across subcommands. */
export type AutocompleteName<Data> = Extract<AllOptions<Data>, { readonly autocomplete: true; readonly name: string }>['name'];

/** Option names per subcommand ('' without one), as the router's option rules are keyed. */
export type OptionNamesBySubcommand<Data> = [Subcommands<Data>] extends [never]
  ? { '': Extract<Declared<Data>, OptionDecl>['name'] }
  : { [S in Subcommands<Data> as S['name']]: Extract<Declared<S>, OptionDecl>['name'] };
