// Commands are typed from their own registration JSON: these lines are checked by `tsc` (npm test's
// typecheck), and the runtime half checks that inputs are converted to the same types.
import { ApplicationCommandOptionType as T, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { clubtips } from '../../commands/clubtips.ts';
import { remind } from '../../commands/remind.ts';
import { defineCommand, exhaustive, type TypedInput } from '../../src/discord/command.ts';
import type { AutocompleteName, ParsedOptions, SubcommandName } from '../../src/discord/option-types.ts';
import { parseOptions } from '../../src/discord/options.ts';
import type { DaysChoice } from '../../src/time/parse.ts';
import { UserError } from '../../src/render/message.ts';

const flat = {
  name: 'flat',
  description: 'One level of options',
  options: [
    { type: T.String, name: 'text', description: 'd', required: true },
    { type: T.Integer, name: 'count', description: 'd' },
    { type: T.Number, name: 'ratio', description: 'd' },
    { type: T.Boolean, name: 'flag', description: 'd' },
    { type: T.Channel, name: 'where', description: 'd' },
    { type: T.Role, name: 'who', description: 'd' },
    { type: T.User, name: 'member', description: 'd' },
    { type: T.String, name: 'size', description: 'd', choices: [{ name: 'Small', value: 's' }, { name: 'Large', value: 'l' }] },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type Flat = ParsedOptions<typeof flat>;
type RemindData = typeof remind.data;
type ClubtipsData = typeof clubtips.data;

describe('option types derived from a declaration', () => {
  it('maps each option type, required or not', () => {
    expectTypeOf<Flat['subcommand']>().toEqualTypeOf<null>();
    expectTypeOf<Flat['options']['text']>().toEqualTypeOf<string>();
    expectTypeOf<Flat['options']['count']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Flat['options']['ratio']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Flat['options']['flag']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Flat['options']['where']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Flat['options']['who']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Flat['options']['member']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Flat['options']['size']>().toEqualTypeOf<'s' | 'l' | undefined>();
  });

  it('types each subcommand of the real commands on its own', () => {
    expectTypeOf<SubcommandName<RemindData>>().toEqualTypeOf<'set' | 'list' | 'pause' | 'resume' | 'delete' | 'test' | 'forget-me'>();
    expectTypeOf<SubcommandName<ClubtipsData>>().toEqualTypeOf<'enable' | 'disable' | 'status' | 'preview' | 'post-now'>();
    expectTypeOf<Extract<ParsedOptions<RemindData>, { subcommand: 'set' }>['options']['days']>().toEqualTypeOf<DaysChoice | undefined>();
    expectTypeOf<Extract<ParsedOptions<RemindData>, { subcommand: 'pause' }>['options']['days']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Extract<ParsedOptions<RemindData>, { subcommand: 'delete' }>['options']['id']>().toEqualTypeOf<number>();
    expectTypeOf<Extract<ParsedOptions<ClubtipsData>, { subcommand: 'enable' }>['options']['channel']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<ParsedOptions<ClubtipsData>, { subcommand: 'preview' }>['options']['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AutocompleteName<RemindData>>().toEqualTypeOf<'timezone' | 'stretch' | 'routine' | 'id'>();
  });

  it('a misspelt option, a wrong type or a missing subcommand fails tsc', () => {
    // Never run: what matters is that tsc rejects each marked line.
    const check = (input: TypedInput<RemindData>, flatInput: TypedInput<typeof flat>): void => {
      // @ts-expect-error: `tiem` is not an option of /flat
      void flatInput.options.tiem;
      // @ts-expect-error: `text` is a string, not a number
      const n: number = flatInput.options.text;
      void n;
      if (input.subcommand === 'set') {
        // @ts-expect-error: `id` belongs to pause, resume and delete, not to set
        void input.options.id;
        // @ts-expect-error: `days` of set is a DaysChoice, never a number
        const days: number | undefined = input.options.days;
        void days;
      }
      switch (input.subcommand) {
        case 'set':
        case 'list':
        case 'pause':
        case 'resume':
        case 'delete':
        case 'test':
          return;
        default:
          // @ts-expect-error: 'forget-me' is not handled, so this is not `never`
          exhaustive(input);
      }
    };
    void check;
    // @ts-expect-error: option rules name the command's own subcommands and options
    defineCommand(flat, { execute: () => ({ ephemeral: true }), optionRules: { '': { tiem: 'server-role' } } });
    expect(true).toBe(true);
  });
});

describe('parseOptions: what the router and `npm run try` hand over, checked against the declaration', () => {
  it('converts text from the terminal to the declared types', () => {
    const parsed = parseOptions(flat, { subcommand: null, options: { text: 'hi', count: '3', ratio: '2.5', flag: 'true', size: 'l', extra: 'ignored' } });
    expect(parsed).toEqual({ subcommand: null, options: { text: 'hi', count: 3, ratio: 2.5, flag: true, size: 'l' } });
  });

  it('names a missing required option, a wrong value and an unknown choice', () => {
    expect(() => parseOptions(flat, { subcommand: null, options: {} })).toThrow('Please fill in `text`.');
    expect(() => parseOptions(flat, { subcommand: null, options: { text: '   ' } })).toThrow('Please fill in `text`.');
    expect(() => parseOptions(flat, { subcommand: null, options: { text: 'x', count: '2.5' } })).toThrow(/`count` should be a whole number/);
    expect(() => parseOptions(flat, { subcommand: null, options: { text: 'x', flag: 'yes' } })).toThrow(/`flag` should be true or false/);
    expect(() => parseOptions(flat, { subcommand: null, options: { text: 3 } })).toThrow(/`text` should be text/);
    expect(() => parseOptions(flat, { subcommand: null, options: { text: 'x', size: 'xl' } })).toThrow('`size` can be one of: s, l.');
  });

  it('takes only the subcommand it was given, and names the subcommands otherwise', () => {
    expect(parseOptions(remind.data, { subcommand: 'pause', options: { id: '2', time: '07:00' } })).toEqual({ subcommand: 'pause', options: { id: 2 } });
    const err = (() => {
      try {
        parseOptions(remind.data, { subcommand: 'snooze', options: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('Pick one of the /remind subcommands: set, list, pause, resume, delete, test, forget-me.');
  });
});
