// Discord's request contract: the OpenAPI request-body schemas from discord-api-spec (zod/mini) plus the
// documented limits those schemas miss (total embed size, command name rules, component layout…).
import * as spec from 'discord-api-spec/zod';
import type { ZodMiniType } from 'zod/mini';
import type { Json, RecordedFile } from './types.ts';
import { isRecord } from './util.ts';

export type ContractKind =
  | 'commands.bulk'
  | 'command.create'
  | 'command.edit'
  | 'callback'
  | 'message.create'
  | 'message.edit'
  | 'webhook.execute'
  | 'webhook.edit'
  | 'dm.create';

export interface ContractIssue {
  path: (string | number)[];
  /** Discord-style error code for the `errors` tree, e.g. BASE_TYPE_MAX_LENGTH. */
  code: string;
  message: string;
}

type Path = (string | number)[];

export function formatIssue(issue: ContractIssue): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Discord's nested `errors` object: { content: { _errors: [{ code, message }] } }. */
export function errorsTree(issues: ContractIssue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const k = String(key);
      const next = node[k];
      if (isRecord(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[k] = created;
        node = created;
      }
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code: issue.code, message: issue.message });
    node._errors = list;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------
// zod part

const CALLBACK_SCHEMAS: Record<number, ZodMiniType> = {
  1: spec.PongInteractionCallbackRequestSchema,
  4: spec.CreateMessageInteractionCallbackRequestSchema,
  5: spec.CreateMessageInteractionCallbackRequestSchema,
  6: spec.UpdateMessageInteractionCallbackRequestSchema,
  7: spec.UpdateMessageInteractionCallbackRequestSchema,
  8: spec.ApplicationCommandAutocompleteCallbackRequestSchema,
  9: spec.ModalInteractionCallbackRequestSchema,
  12: spec.LaunchActivityInteractionCallbackRequestSchema,
};

const BODY_SCHEMAS: Partial<Record<ContractKind, ZodMiniType>> = {
  'command.create': spec.ApplicationCommandCreateRequestSchema,
  'command.edit': spec.ApplicationCommandPatchRequestPartialSchema,
  'message.create': spec.MessageCreateRequestSchema,
  'message.edit': spec.MessageEditRequestPartialSchema,
  'webhook.execute': spec.IncomingWebhookRequestPartialSchema,
  'webhook.edit': spec.IncomingWebhookUpdateRequestPartialSchema,
  'dm.create': spec.CreatePrivateChannelRequestSchema,
};

const PERMISSION_KEYS = new Set(['default_member_permissions', 'permissions']);

/** The spec types permission bit sets as numbers; Discord (and discord.js) send decimal strings. */
function numericPermissions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numericPermissions);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = PERMISSION_KEYS.has(k) && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : numericPermissions(v);
  }
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node)) node = node[String(key)];
    else return undefined;
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

type RawIssue = Record<string, unknown> & { code: string; path: PropertyKey[] };

function zodIssueToContract(raw: RawIssue, root: unknown, prefix: Path, out: ContractIssue[]): void {
  const path: Path = [...prefix, ...raw.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  const origin = String(raw.origin ?? '');
  switch (raw.code) {
    case 'invalid_union': {
      const branches = (raw.errors as RawIssue[][] | undefined) ?? [];
      // Branches of Discord's unions are told apart by a literal `type`; keep those whose type matched.
      const typed = branches.filter((b) => !b.some((i) => i.code === 'invalid_value' && i.path.length === 1 && i.path[0] === 'type'));
      const candidates = typed.length ? typed : branches;
      const best = [...candidates].sort((a, b) => a.length - b.length)[0];
      if (best && typed.length) {
        for (const issue of best) zodIssueToContract(issue, root, path, out);
      } else if (best && candidates.length === 1) {
        for (const issue of best) zodIssueToContract(issue, root, path, out);
      } else if (best && best.length && best.every((i) => i.path.length > 0)) {
        for (const issue of best) zodIssueToContract(issue, root, path, out);
      } else {
        const type = valueAt(valueAt(root, path), ['type']);
        out.push({
          path,
          code: 'UNION_TYPE_CHOICES',
          message: `Value does not match any allowed shape${type === undefined ? '' : ` (type ${String(type)})`}.`,
        });
      }
      return;
    }
    case 'too_big':
      out.push({
        path,
        code: origin === 'number' || origin === 'int' ? 'NUMBER_TYPE_MAX' : 'BASE_TYPE_MAX_LENGTH',
        message:
          origin === 'number' || origin === 'int'
            ? `int value should be less than or equal to ${String(raw.maximum)}.`
            : `Must be ${String(raw.maximum)} or fewer in length.`,
      });
      return;
    case 'too_small':
      out.push({
        path,
        code: origin === 'number' || origin === 'int' ? 'NUMBER_TYPE_MIN' : 'BASE_TYPE_MIN_LENGTH',
        message:
          origin === 'number' || origin === 'int'
            ? `int value should be greater than or equal to ${String(raw.minimum)}.`
            : `Must be ${String(raw.minimum)} or more in length.`,
      });
      return;
    case 'invalid_type': {
      const actual = valueAt(root, path);
      out.push(
        actual === undefined
          ? { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }
          : { path, code: 'BASE_TYPE_BAD_TYPE', message: `Expected ${String(raw.expected)}, got ${describe(actual)}.` },
      );
      return;
    }
    case 'invalid_value':
      out.push({
        path,
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of ${JSON.stringify(raw.values)} (got ${JSON.stringify(valueAt(root, path))}).`,
      });
      return;
    case 'invalid_format':
      out.push({ path, code: 'BASE_TYPE_INVALID_FORMAT', message: `Not a valid ${String(raw.format)}.` });
      return;
    default:
      out.push({ path, code: raw.code.toUpperCase(), message: String(raw.message ?? raw.code) });
  }
}

function zodIssues(schema: ZodMiniType, body: unknown, prefix: Path = []): ContractIssue[] {
  const normalised = numericPermissions(body);
  const result = schema.safeParse(normalised);
  if (result.success) return [];
  const out: ContractIssue[] = [];
  for (const issue of result.error.issues) zodIssueToContract(issue as unknown as RawIssue, normalised, prefix, out);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Hand-written limits (https://discord.com/developers/docs: message, embed, component, command limits)

const COMMAND_NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;
const IS_COMPONENTS_V2 = 1 << 15;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function maxLen(out: ContractIssue[], path: Path, value: unknown, max: number, what: string): void {
  const s = str(value);
  if (s !== undefined && [...s].length > max) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length (${what} is ${[...s].length}).` });
  }
}

function embedIssues(embeds: unknown, path: Path, out: ContractIssue[]): void {
  if (!Array.isArray(embeds)) return;
  if (embeds.length > 10) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 10 or fewer in length (${embeds.length} embeds).` });
  }
  let total = 0;
  const count = (s: unknown) => {
    total += str(s) === undefined ? 0 : [...(s as string)].length;
  };
  embeds.forEach((embed, i) => {
    if (!isRecord(embed)) return;
    const p = [...path, i];
    maxLen(out, [...p, 'title'], embed.title, 256, 'embed title');
    maxLen(out, [...p, 'description'], embed.description, 4096, 'embed description');
    count(embed.title);
    count(embed.description);
    const fields = arr(embed.fields);
    if (fields.length > 25) {
      out.push({ path: [...p, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 25 or fewer in length (${fields.length} fields).` });
    }
    fields.forEach((field, j) => {
      if (!isRecord(field)) return;
      const fp = [...p, 'fields', j];
      for (const key of ['name', 'value'] as const) {
        const v = str(field[key]);
        if (v === undefined || v.length === 0) {
          out.push({ path: [...fp, key], code: 'BASE_TYPE_REQUIRED', message: `Embed field ${key} is required and cannot be empty.` });
        }
      }
      maxLen(out, [...fp, 'name'], field.name, 256, 'field name');
      maxLen(out, [...fp, 'value'], field.value, 1024, 'field value');
      count(field.name);
      count(field.value);
    });
    if (isRecord(embed.footer)) {
      maxLen(out, [...p, 'footer', 'text'], embed.footer.text, 2048, 'footer text');
      count(embed.footer.text);
    }
    if (isRecord(embed.author)) {
      maxLen(out, [...p, 'author', 'name'], embed.author.name, 256, 'author name');
      count(embed.author.name);
    }
  });
  if (total > 6000) {
    out.push({
      path,
      code: 'MESSAGE_EMBEDS_TOO_LONG',
      message: `Embed size exceeds maximum size of 6000 (all embed text in this message is ${total} characters).`,
    });
  }
}

function componentIssues(components: unknown, flags: unknown, path: Path, out: ContractIssue[]): void {
  if (!Array.isArray(components)) return;
  const customIds = new Map<string, Path>();
  const seeCustomId = (value: unknown, p: Path) => {
    const id = str(value);
    if (id === undefined) return;
    if (customIds.has(id)) {
      out.push({ path: p, code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: `Component custom id "${id}" is used twice in this message.` });
    }
    customIds.set(id, p);
    maxLen(out, p, id, 100, 'custom_id');
  };
  const v2 = typeof flags === 'number' && (flags & IS_COMPONENTS_V2) !== 0;
  if (!v2 && components.length > 5) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 5 or fewer in length (${components.length} action rows).` });
  }
  const visit = (component: unknown, p: Path, inRow: boolean) => {
    if (!isRecord(component)) return;
    const type = component.type;
    if (type === 1) {
      const children = arr(component.components);
      const buttons = children.filter((c) => isRecord(c) && c.type === 2).length;
      const selects = children.filter((c) => isRecord(c) && typeof c.type === 'number' && [3, 5, 6, 7, 8].includes(c.type)).length;
      if (children.length === 0) {
        out.push({ path: [...p, 'components'], code: 'BASE_TYPE_MIN_LENGTH', message: 'An action row needs at least 1 component.' });
      }
      if (buttons > 5) {
        out.push({ path: [...p, 'components'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 5 or fewer in length (${buttons} buttons in one row).` });
      }
      if (selects > 0 && children.length > 1) {
        out.push({ path: [...p, 'components'], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'A select menu must be alone in its action row.' });
      }
      children.forEach((c, i) => visit(c, [...p, 'components', i], true));
      return;
    }
    if (!v2 && !inRow) {
      out.push({ path: [...p, 'type'], code: 'COMPONENT_TYPE_INVALID', message: `Top-level components must be action rows (type 1), got type ${String(type)}.` });
    }
    if (type === 2) {
      maxLen(out, [...p, 'label'], component.label, 80, 'button label');
      if (component.style === 5) {
        if (!str(component.url)) out.push({ path: [...p, 'url'], code: 'BASE_TYPE_REQUIRED', message: 'Link buttons need a url.' });
        if (component.custom_id !== undefined && component.custom_id !== null) {
          out.push({ path: [...p, 'custom_id'], code: 'COMPONENT_INVALID', message: 'Link buttons cannot have a custom_id.' });
        }
      } else if (component.style !== 6) {
        if (!str(component.custom_id)) out.push({ path: [...p, 'custom_id'], code: 'BASE_TYPE_REQUIRED', message: 'Buttons need a custom_id.' });
        else seeCustomId(component.custom_id, [...p, 'custom_id']);
      }
      if (!str(component.label) && !isRecord(component.emoji) && component.style !== 6) {
        out.push({ path: [...p, 'label'], code: 'BASE_TYPE_REQUIRED', message: 'Buttons need a label or an emoji.' });
      }
      return;
    }
    if (typeof type === 'number' && [3, 5, 6, 7, 8].includes(type)) {
      if (!str(component.custom_id)) out.push({ path: [...p, 'custom_id'], code: 'BASE_TYPE_REQUIRED', message: 'Select menus need a custom_id.' });
      else seeCustomId(component.custom_id, [...p, 'custom_id']);
      maxLen(out, [...p, 'placeholder'], component.placeholder, 150, 'placeholder');
      if (type === 3) {
        const options = arr(component.options);
        if (options.length < 1 || options.length > 25) {
          out.push({ path: [...p, 'options'], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and 25 in length (${options.length} options).` });
        }
        const values = new Set<string>();
        options.forEach((o, i) => {
          if (!isRecord(o)) return;
          const op = [...p, 'options', i];
          maxLen(out, [...op, 'label'], o.label, 100, 'option label');
          maxLen(out, [...op, 'value'], o.value, 100, 'option value');
          maxLen(out, [...op, 'description'], o.description, 100, 'option description');
          const v = str(o.value);
          if (v !== undefined && values.has(v)) {
            out.push({ path: [...op, 'value'], code: 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', message: `Option value "${v}" is used twice.` });
          }
          if (v !== undefined) values.add(v);
        });
        const min = typeof component.min_values === 'number' ? component.min_values : 1;
        const max = typeof component.max_values === 'number' ? component.max_values : 1;
        if (min > max) out.push({ path: [...p, 'min_values'], code: 'BASE_TYPE_BAD_VALUE', message: 'min_values cannot exceed max_values.' });
        if (options.length && max > options.length) {
          out.push({ path: [...p, 'max_values'], code: 'BASE_TYPE_BAD_VALUE', message: `max_values (${max}) exceeds the number of options (${options.length}).` });
        }
      }
      return;
    }
    // Components V2 containers/sections: recurse into children so custom ids are still checked.
    arr(component.components).forEach((c, i) => visit(c, [...p, 'components', i], true));
    if (isRecord(component.accessory)) visit(component.accessory, [...p, 'accessory'], true);
  };
  components.forEach((c, i) => visit(c, [...path, i], false));
}

/** Rules shared by every body that describes a message. */
export function messageIssues(body: unknown, path: Path = []): ContractIssue[] {
  const out: ContractIssue[] = [];
  if (!isRecord(body)) return out;
  maxLen(out, [...path, 'content'], body.content, 2000, 'content');
  if (typeof body.nonce === 'string') maxLen(out, [...path, 'nonce'], body.nonce, 25, 'nonce');
  embedIssues(body.embeds, [...path, 'embeds'], out);
  componentIssues(body.components, body.flags, [...path, 'components'], out);
  const am = body.allowed_mentions;
  if (isRecord(am)) {
    const parse = arr(am.parse);
    if (parse.includes('users') && arr(am.users).length) {
      out.push({ path: [...path, 'allowed_mentions'], code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: 'parse:["users"] and users are mutually exclusive.' });
    }
    if (parse.includes('roles') && arr(am.roles).length) {
      out.push({ path: [...path, 'allowed_mentions'], code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: 'parse:["roles"] and roles are mutually exclusive.' });
    }
  }
  return out;
}

/** True when a message body would be empty (Discord answers 50006). */
export function isEmptyMessage(body: unknown, fileCount: number): boolean {
  if (fileCount > 0) return false;
  if (!isRecord(body)) return true;
  const content = str(body.content);
  return (
    (content === undefined || content.trim() === '') &&
    arr(body.embeds).length === 0 &&
    arr(body.components).length === 0 &&
    arr(body.sticker_ids).length === 0 &&
    arr(body.attachments).length === 0 &&
    !isRecord(body.poll)
  );
}

function choiceIssues(choices: unknown, path: Path, out: ContractIssue[]): number {
  const list = arr(choices);
  let chars = 0;
  if (list.length > 25) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 25 or fewer in length (${list.length} choices).` });
  }
  list.forEach((choice, i) => {
    if (!isRecord(choice)) return;
    const name = str(choice.name) ?? '';
    if (name.length < 1 || name.length > 100) {
      out.push({ path: [...path, i, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and 100 in length (choice name is ${name.length}).` });
    }
    if (typeof choice.value === 'string') maxLen(out, [...path, i, 'value'], choice.value, 100, 'choice value');
    chars += name.length + String(choice.value ?? '').length;
  });
  return chars;
}

function nameIssues(name: unknown, path: Path, what: string, out: ContractIssue[]): void {
  const s = str(name) ?? '';
  if (!COMMAND_NAME.test(s)) {
    out.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `${what} name "${s}" must match /^[-_'\\p{L}\\p{N}]{1,32}$/u.` });
  } else if (s !== s.toLowerCase()) {
    out.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `${what} name "${s}" must be lower case.` });
  }
}

function descriptionIssues(description: unknown, path: Path, what: string, out: ContractIssue[]): void {
  const s = str(description) ?? '';
  if (s.length < 1 || s.length > 100) {
    out.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and 100 in length (${what} description is ${s.length}).` });
  }
}

/** Returns the characters this option list counts towards the 8000 limit. */
function optionIssues(options: unknown, path: Path, depth: number, out: ContractIssue[]): number {
  const list = arr(options);
  let chars = 0;
  if (list.length > 25) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be 25 or fewer in length (${list.length} options).` });
  }
  const names = new Set<string>();
  let sawOptional = false;
  const kinds = list.map((o) => (isRecord(o) && (o.type === 1 || o.type === 2) ? 'sub' : 'value'));
  if (kinds.includes('sub') && kinds.includes('value')) {
    out.push({ path, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommands and subcommand groups cannot be mixed with other options.' });
  }
  list.forEach((option, i) => {
    if (!isRecord(option)) return;
    const p = [...path, i];
    const name = str(option.name) ?? '';
    nameIssues(option.name, [...p, 'name'], 'Option', out);
    descriptionIssues(option.description, [...p, 'description'], `option "${name}"`, out);
    if (names.has(name)) out.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: `Option name "${name}" is used twice.` });
    names.add(name);
    chars += name.length + (str(option.description) ?? '').length;
    if (option.type === 1 || option.type === 2) {
      if (option.type === 2 && depth > 0) {
        out.push({ path: [...p, 'type'], code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommand groups can only be at the top level.' });
      }
      if (option.type === 1 && depth > 1) {
        out.push({ path: [...p, 'type'], code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommands nest at most inside one group.' });
      }
      if (option.type === 2 && arr(option.options).some((o) => !isRecord(o) || o.type !== 1)) {
        out.push({ path: [...p, 'options'], code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommand groups may only contain subcommands.' });
      }
      chars += optionIssues(option.options, [...p, 'options'], depth + 1, out);
      return;
    }
    if (option.required === true && sawOptional) {
      out.push({ path: [...p, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options.' });
    }
    if (option.required !== true) sawOptional = true;
    if (option.autocomplete === true && arr(option.choices).length > 0) {
      out.push({ path: [...p, 'autocomplete'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES', message: 'An option cannot have both autocomplete and choices.' });
    }
    chars += choiceIssues(option.choices, [...p, 'choices'], out);
  });
  return chars;
}

function commandIssues(command: unknown, path: Path, out: ContractIssue[]): void {
  if (!isRecord(command)) return;
  const type = typeof command.type === 'number' ? command.type : 1;
  const name = str(command.name) ?? '';
  if (type === 1) {
    nameIssues(command.name, [...path, 'name'], 'Command', out);
    descriptionIssues(command.description, [...path, 'description'], `command "${name}"`, out);
  } else {
    if (name.length < 1 || name.length > 32) {
      out.push({ path: [...path, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and 32 in length (name is ${name.length}).` });
    }
    if ((str(command.description) ?? '') !== '') {
      out.push({ path: [...path, 'description'], code: 'APPLICATION_COMMAND_INVALID_DESCRIPTION', message: 'Context menu commands must have an empty description.' });
    }
  }
  let chars = name.length + (str(command.description) ?? '').length;
  chars += optionIssues(command.options, [...path, 'options'], 0, out);
  if (chars > 8000) {
    out.push({ path, code: 'APPLICATION_COMMAND_TOO_LARGE', message: `Command "${name}" is ${chars} characters; the limit is 8000 (names, descriptions, choices).` });
  }
}

function bulkIssues(body: unknown): ContractIssue[] {
  const out: ContractIssue[] = [];
  if (!Array.isArray(body)) return [{ path: [], code: 'BASE_TYPE_BAD_TYPE', message: 'Expected an array of commands.' }];
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  body.forEach((command, i) => {
    commandIssues(command, [i], out);
    if (!isRecord(command)) return;
    const type = typeof command.type === 'number' ? command.type : 1;
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) {
      out.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Command name "${String(command.name)}" is already used by command ${seen.get(key)}.` });
    }
    seen.set(key, i);
    perType.set(type, (perType.get(type) ?? 0) + 1);
  });
  const limits: Record<number, number> = { 1: 100, 2: 15, 3: 15 };
  for (const [type, n] of perType) {
    const limit = limits[type];
    if (limit !== undefined && n > limit) {
      out.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: `At most ${limit} commands of type ${type} (got ${n}).` });
    }
  }
  return out;
}

function callbackIssues(body: unknown): ContractIssue[] {
  if (!isRecord(body)) return [{ path: [], code: 'BASE_TYPE_BAD_TYPE', message: 'Expected an object.' }];
  const out: ContractIssue[] = [];
  const type = body.type;
  if (type === 4 || type === 7) out.push(...messageIssues(body.data, ['data']));
  if (type === 8 && isRecord(body.data)) choiceIssues(body.data.choices, ['data', 'choices'], out);
  if (type === 9 && isRecord(body.data)) {
    maxLen(out, ['data', 'title'], body.data.title, 45, 'modal title');
    maxLen(out, ['data', 'custom_id'], body.data.custom_id, 100, 'custom_id');
  }
  return out;
}

function dedupe(issues: ContractIssue[]): ContractIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path.join('.')}|${i.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every contract problem with a request body; empty when the body is fine. */
export function checkContract(kind: ContractKind, body: unknown): ContractIssue[] {
  const out: ContractIssue[] = [];
  switch (kind) {
    case 'commands.bulk':
      out.push(...bulkIssues(body));
      if (Array.isArray(body)) body.forEach((c, i) => out.push(...zodIssues(spec.ApplicationCommandUpdateRequestSchema, c, [i])));
      break;
    case 'command.create':
      commandIssues(body, [], out);
      break;
    case 'command.edit':
      if (isRecord(body)) {
        if (body.name !== undefined) nameIssues(body.name, ['name'], 'Command', out);
        if (body.options !== undefined) optionIssues(body.options, ['options'], 0, out);
      }
      break;
    case 'callback': {
      out.push(...callbackIssues(body));
      const type = isRecord(body) ? body.type : undefined;
      const schema = typeof type === 'number' ? CALLBACK_SCHEMAS[type] : undefined;
      if (!schema) out.push({ path: ['type'], code: 'BASE_TYPE_CHOICES', message: `Unknown interaction callback type ${JSON.stringify(type)}.` });
      else out.push(...zodIssues(schema, body));
      break;
    }
    case 'message.create':
    case 'message.edit':
    case 'webhook.execute':
    case 'webhook.edit':
      out.push(...messageIssues(body));
      break;
    case 'dm.create':
      break;
  }
  const schema = BODY_SCHEMAS[kind];
  if (schema) out.push(...zodIssues(schema, body));
  return dedupe(out);
}

// ---------------------------------------------------------------------------------------------------------
// Uploads (https://discord.com/developers/docs/reference#uploading-files)

/** Discord's per-file limit for a server without boosts (the emulator's `attachment_size_limit`). */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
const MAX_FILES = 10;
const FILE_FIELD = /^files\[(\d+)\]$/;
/** Discord keeps these characters of a file name and replaces the rest, so attachment://<name> must use only them. */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/** The attachment:// names a message body's embeds show (image, thumbnail, author and footer icons). */
function attachmentRefs(embeds: unknown, path: Path): { name: string; path: Path }[] {
  const out: { name: string; path: Path }[] = [];
  arr(embeds).forEach((embed, i) => {
    if (!isRecord(embed)) return;
    const urls: [unknown, Path][] = [
      [isRecord(embed.image) ? embed.image.url : undefined, [...path, i, 'image', 'url']],
      [isRecord(embed.thumbnail) ? embed.thumbnail.url : undefined, [...path, i, 'thumbnail', 'url']],
      [isRecord(embed.author) ? embed.author.icon_url : undefined, [...path, i, 'author', 'icon_url']],
      [isRecord(embed.footer) ? embed.footer.icon_url : undefined, [...path, i, 'footer', 'icon_url']],
    ];
    for (const [url, p] of urls) if (typeof url === 'string' && url.startsWith('attachment://')) out.push({ name: url.slice('attachment://'.length), path: p });
  });
  return out;
}

/**
 * The multipart half of a message body: each file part is `files[n]` (at most 10, each within the size limit);
 * `attachments` lists uploads by that n, with a description of at most 1024 characters and, if given, the file's
 * own name, and (on an edit) the message's attachments to keep by id; every attachment://<name> an embed shows
 * names a file of this request or a kept attachment, and such a name uses only characters Discord keeps.
 * `existing` is the edited message's attachments (none for a new message).
 */
export function attachmentIssues(body: unknown, files: readonly RecordedFile[], existing: readonly Json[] = [], path: Path = []): ContractIssue[] {
  const out: ContractIssue[] = [];
  const message = isRecord(body) ? body : {};
  if (files.length > MAX_FILES) out.push({ path: [...path, 'attachments'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_FILES} or fewer in length (${files.length} files).` });
  const byIndex = new Map<string, RecordedFile>();
  for (const f of files) {
    const n = FILE_FIELD.exec(f.field)?.[1];
    if (n === undefined) out.push({ path: [f.field], code: 'ATTACHMENT_INVALID_FIELD', message: `File parts are named files[n]; got "${f.field}".` });
    else if (byIndex.has(n)) out.push({ path: [f.field], code: 'ATTACHMENT_DUPLICATE', message: `Two file parts are named files[${n}].` });
    else byIndex.set(n, f);
    if (f.size > ATTACHMENT_SIZE_LIMIT) out.push({ path: [f.field], code: 'ENTITY_TOO_LARGE', message: `File ${f.name} is ${f.size} bytes; the limit is ${ATTACHMENT_SIZE_LIMIT}.` });
  }
  const listed = Array.isArray(message.attachments) ? message.attachments : null;
  const kept: Json[] = listed === null ? [...existing] : [];
  (listed ?? []).forEach((a, i) => {
    const p = [...path, 'attachments', i];
    if (!isRecord(a)) return;
    const id = String(a.id ?? '');
    maxLen(out, [...p, 'description'], a.description, 1024, 'attachment description');
    const old = existing.find((e) => String(e.id) === id);
    if (old) return void kept.push(old);
    const upload = byIndex.get(id);
    if (!upload) return void out.push({ path: [...p, 'id'], code: 'ATTACHMENT_NOT_FOUND', message: `Attachment id ${JSON.stringify(a.id)} names no uploaded files[${id}] and no attachment of the message.` });
    if (typeof a.filename === 'string' && a.filename !== upload.name) {
      out.push({ path: [...p, 'filename'], code: 'ATTACHMENT_FILENAME_MISMATCH', message: `Attachment ${id} says filename "${a.filename}", but files[${id}] is "${upload.name}".` });
    }
  });
  const names = new Set([...files.map((f) => f.name), ...kept.map((k) => String(k.filename ?? ''))]);
  for (const ref of attachmentRefs(message.embeds, [...path, 'embeds'])) {
    if (!PLAIN_NAME.test(ref.name)) out.push({ path: ref.path, code: 'ATTACHMENT_INVALID_NAME', message: `attachment://${ref.name}: Discord replaces characters in file names other than letters, digits, '.', '_' and '-'.` });
    else if (!names.has(ref.name)) out.push({ path: ref.path, code: 'ATTACHMENT_NOT_FOUND', message: `attachment://${ref.name} names no file of this request${existing.length ? ' and no kept attachment' : ''}.` });
  }
  return out;
}
