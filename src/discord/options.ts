// Typed access to a command's plain option values, shared by the router's adapter and `npm run try`.
import type { CommandInput } from './command.ts';
import { UserError } from '../render/message.ts';

export function optionalString(input: CommandInput, name: string): string | undefined {
  const v = input.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UserError(`The option \`${name}\` should be text.`);
  return v;
}

export function requiredString(input: CommandInput, name: string): string {
  const v = optionalString(input, name);
  if (v === undefined || v.trim() === '') throw new UserError(`Please fill in \`${name}\`.`);
  return v;
}

export function optionalBoolean(input: CommandInput, name: string): boolean | undefined {
  const v = input.options[name];
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new UserError(`The option \`${name}\` should be true or false.`);
}

export function optionalInteger(input: CommandInput, name: string): number | undefined {
  const v = input.options[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new UserError(`The option \`${name}\` should be a whole number.`);
  return n;
}
