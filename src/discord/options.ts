// A command's plain option values, checked against its own declaration: the router's adapter and
// `npm run try` (where every value arrives as text) both end here, so a handler gets typed values.
import { ApplicationCommandOptionType as T } from 'discord.js';
import type { CommandData, OptionDecl, OptionValue, ParsedOptions, RawOptions } from './option-types.ts';
import { UserError } from '../render/message.ts';

const asDecls = (options: unknown): readonly OptionDecl[] => (options ?? []) as readonly OptionDecl[];

/** The subcommand's declared options (or the command's own), each value checked and converted. */
export function parseOptions<D extends CommandData>(data: D, input: RawOptions): ParsedOptions<D> {
  const top = asDecls(data.options);
  const subcommands = top.filter((o) => o.type === T.Subcommand);
  const sub = subcommands.find((s) => s.name === input.subcommand);
  if (subcommands.length > 0 && !sub) {
    throw new UserError(`Pick one of the /${data.name} subcommands: ${subcommands.map((s) => s.name).join(', ')}.`);
  }
  const options: Record<string, OptionValue> = {};
  for (const decl of sub ? asDecls(sub.options) : top) {
    const value = readOption(decl, input.options[decl.name]);
    if (value !== undefined) options[decl.name] = value;
    else if (decl.required) throw new UserError(`Please fill in \`${decl.name}\`.`);
  }
  return { subcommand: sub?.name ?? null, options } as ParsedOptions<D>;
}

/** Whether the declaration (or one of its subcommands) lets this option autocomplete. */
export function autocompletes(data: CommandData, name: string): boolean {
  const top = asDecls(data.options);
  return [...top, ...top.flatMap((o) => asDecls(o.options))].some((o) => o.name === name && o.autocomplete === true);
}

/** undefined when left empty (a required text option of only spaces counts as empty). */
function readOption(decl: OptionDecl, v: OptionValue | undefined): OptionValue | undefined {
  if (v === undefined) return undefined;
  switch (decl.type) {
    case T.Integer:
    case T.Number:
      return readNumber(decl, v);
    case T.Boolean:
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw new UserError(`The option \`${decl.name}\` should be true or false.`);
    default: {
      if (typeof v !== 'string') throw new UserError(`The option \`${decl.name}\` should be text.`);
      if (decl.required && v.trim() === '') return undefined;
      const choices = decl.choices?.map((c) => String(c.value));
      if (choices && !choices.includes(v)) throw new UserError(`\`${decl.name}\` can be one of: ${choices.join(', ')}.`);
      return v;
    }
  }
}

function readNumber(decl: OptionDecl, v: OptionValue): number {
  const whole = decl.type === T.Integer;
  const pattern = whole ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  const n = typeof v === 'number' ? v : typeof v === 'string' && pattern.test(v.trim()) ? Number(v) : NaN;
  if (whole ? !Number.isInteger(n) : !Number.isFinite(n)) {
    throw new UserError(`The option \`${decl.name}\` should be ${whole ? 'a whole number' : 'a number'}.`);
  }
  return n;
}
