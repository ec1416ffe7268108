// Builders for injected interactions and the INTERACTION_CREATE payloads made from them.
import { channelWire, roleWire, userWire } from './fixture.ts';
import type { InteractionState, State } from './state.ts';
import type { CommandRecord, Json, WireMessage } from './types.ts';
import { Perm, isRecord, randomToken, snowflake } from './util.ts';
import { ELSEWHERE as ELSEWHERE_IDS, checkUserInstallAvailable, elsewhereInteraction, type UserInstallPlace } from './user-install.ts';

export type OptionValue = string | number | boolean;
export type OptionKind = 'string' | 'integer' | 'boolean' | 'user' | 'channel' | 'role' | 'mentionable' | 'number';
/** An option value with an explicit type; plain values get their type from the registered command or JS type. */
export interface TypedOption {
  type: OptionKind;
  value: OptionValue;
}
export type OptionInput = OptionValue | TypedOption;

export interface ContextSpec {
  /** Who acts: a fixture user key ('admin', 'member'), a username or a user id. Default 'member'. */
  user?: string;
  /** Where: a fixture channel key ('general', 'clubTips'), '#name' or an id. Default #general (guild) / the DM. */
  channel?: string;
  /** Send it from the user's DM with the bot: no guild, no member. */
  dm?: boolean;
  /**
   * Through the user's own install of the app, from a place the bot is not in (user-install.ts): a server without
   * the bot (context 0) or a group DM (context 2). `channel`, `dm`, `permissions` and `appPermissions` are ignored.
   */
  userInstall?: UserInstallPlace;
  /** Override member.permissions (decimal string or bigint). Default: computed from the member's roles. */
  permissions?: string | bigint;
  /** Override app_permissions. Default: the bot's permissions in the channel. */
  appPermissions?: string | bigint;
  locale?: string;
  /**
   * Deliver even when Discord would not offer the command to this user here (default_member_permissions the
   * user lacks, or a context the command does not allow). Default false: injectInteraction throws instead.
   */
  unchecked?: boolean;
}

export interface CommandPath {
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, OptionInput>;
  /**
   * Which registration to invoke when the name exists both as a guild and a global command (Discord shows
   * users both). Default: the guild command if there is one.
   */
  scope?: 'guild' | 'global';
}

export interface SlashCommandSpec extends ContextSpec, CommandPath {
  kind: 'slash';
}
export interface AutocompleteSpec extends ContextSpec, CommandPath {
  kind: 'autocomplete';
  /** Name of the option being typed in. */
  focused: string;
  /** What the user typed so far (default: options[focused] or ''). */
  value?: string | number;
}
export interface ButtonSpec extends ContextSpec {
  kind: 'button';
  customId: string;
  /** The message the button is on: a message id the emulator knows or a message object. Default: a fabricated bot message. */
  message?: string | WireMessage;
  /** For a fabricated message: the user whose slash command it answers (its interaction_metadata). Default: none. */
  messageOwner?: string;
}
export interface StringSelectSpec extends ContextSpec {
  kind: 'stringSelect';
  customId: string;
  values: string[];
  message?: string | WireMessage;
  messageOwner?: string;
}
export interface ModalSubmitSpec extends ContextSpec {
  kind: 'modalSubmit';
  customId: string;
  /** Text input custom_id -> value. */
  fields: Record<string, string>;
  message?: string | WireMessage;
}
export type InteractionSpec = SlashCommandSpec | AutocompleteSpec | ButtonSpec | StringSelectSpec | ModalSubmitSpec;

type Ctx<T> = Omit<T, 'kind' | 'name' | 'customId' | 'values' | 'focused' | 'fields'>;

export function slashCommand(name: string, spec: Ctx<SlashCommandSpec> = {}): SlashCommandSpec {
  return { ...spec, kind: 'slash', name };
}

export function autocomplete(name: string, focused: string, spec: Ctx<AutocompleteSpec> = {}): AutocompleteSpec {
  return { ...spec, kind: 'autocomplete', name, focused };
}

export function button(customId: string, spec: Ctx<ButtonSpec> = {}): ButtonSpec {
  return { ...spec, kind: 'button', customId };
}

export function stringSelect(customId: string, values: string[], spec: Ctx<StringSelectSpec> = {}): StringSelectSpec {
  return { ...spec, kind: 'stringSelect', customId, values };
}

export function modalSubmit(customId: string, fields: Record<string, string>, spec: Ctx<ModalSubmitSpec> = {}): ModalSubmitSpec {
  return { ...spec, kind: 'modalSubmit', customId, fields };
}

/** Split a command line into words, keeping "quoted values" together. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(\S+?):"([^"]*)"|"([^"]*)"|(\S+)/g)) {
    if (m[1] !== undefined) out.push(`${m[1]}:${m[2] ?? ''}`);
    else out.push(m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Parse `/backpain activity:deadlift` or `/club tips show day:3` into a slash command spec. Words without a
 * colon after the name are the subcommand group / subcommand (a single one is the subcommand).
 */
export function parseSlash(line: string, ctx: ContextSpec = {}): SlashCommandSpec {
  const parts = words(line.trim().replace(/^\//, ''));
  const name = parts.shift() ?? '';
  const path: string[] = [];
  const options: Record<string, OptionInput> = {};
  for (const part of parts) {
    const i = part.indexOf(':');
    if (i > 0) options[part.slice(0, i)] = part.slice(i + 1);
    else path.push(part);
  }
  const spec: SlashCommandSpec = { ...ctx, kind: 'slash', name, options };
  if (path.length === 1) spec.subcommand = path[0];
  if (path.length >= 2) {
    spec.group = path[0];
    spec.subcommand = path[1];
  }
  return spec;
}

// -------------------------------------------------------------------------------------------------------
// Payload construction

const KIND_TO_TYPE: Record<OptionKind, number> = {
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  mentionable: 9,
  number: 10,
};

function isTyped(value: OptionInput): value is TypedOption {
  return typeof value === 'object' && value !== null && 'type' in value;
}

interface Resolved {
  users: Record<string, Json>;
  members: Record<string, Json>;
  roles: Record<string, Json>;
  channels: Record<string, Json>;
}

export class InteractionFactory {
  constructor(private readonly state: State) {}

  resolveUser(ref: string | undefined): string {
    const world = this.state.world;
    const key = (ref ?? 'member').replace(/^<@!?(\d+)>$/, '$1').replace(/^@/, '');
    const byKey = world.fixture.users[key];
    if (byKey) return byKey.id;
    const found = Object.values(world.fixture.users).find((u) => u.id === key || u.username === key);
    if (!found) throw new Error(`injectInteraction: unknown user "${ref}"`);
    return found.id;
  }

  resolveChannel(ref: string | undefined): string {
    const world = this.state.world;
    const key = (ref ?? 'general').replace(/^<#(\d+)>$/, '$1').replace(/^#/, '');
    const byKey = world.fixture.channels[key];
    if (byKey) return byKey.id;
    // Every fixture channel, other servers' too: a forged option may point anywhere.
    const found = Object.values(world.fixture.channels).find((c) => c.id === key || c.name === key);
    if (found) return found.id;
    if (this.state.dms.has(key)) return key;
    throw new Error(`injectInteraction: unknown channel "${ref}"`);
  }

  resolveRole(ref: string): string {
    const world = this.state.world;
    const key = ref.replace(/^<@&(\d+)>$/, '$1').replace(/^@/, '');
    const byKey = world.fixture.roles[key];
    if (byKey) return byKey.id;
    const found = Object.values(world.fixture.roles).find((r) => r.id === key || r.name === key || r.name.toLowerCase() === key.toLowerCase());
    if (!found) throw new Error(`injectInteraction: unknown role "${ref}"`);
    return found.id;
  }

  /** Declared option list at a command path, from the registered command. */
  private declaredOptions(command: CommandRecord | undefined, group?: string, sub?: string): Json[] {
    let options = Array.isArray(command?.options) ? (command.options as unknown[]).filter(isRecord) : [];
    if (group) options = (options.find((o) => o.type === 2 && o.name === group)?.options as Json[] | undefined) ?? [];
    if (sub) options = (options.find((o) => o.type === 1 && o.name === sub)?.options as Json[] | undefined) ?? [];
    return options.filter(isRecord);
  }

  /** Throw when Discord would hide the command from this user in this place. */
  private checkAvailable(command: CommandRecord, inGuild: boolean, userId: string, channelId: string, permissions?: string | bigint): void {
    const world = this.state.world;
    const contexts = Array.isArray(command.contexts) ? (command.contexts as number[]) : null;
    const where = `/${command.name}`;
    if (!inGuild) {
      if (command.guild_id) throw new Error(`injectInteraction: ${where} is a guild command; Discord does not offer it in DMs (pass unchecked: true to deliver anyway)`);
      if (contexts ? !contexts.includes(1) : command.dm_permission === false) {
        throw new Error(`injectInteraction: ${where} is not available in DMs (contexts ${JSON.stringify(contexts)}, dm_permission ${String(command.dm_permission)}); pass unchecked: true to deliver anyway`);
      }
      return;
    }
    if (contexts && !contexts.includes(0)) {
      throw new Error(`injectInteraction: ${where} is not available in guilds (contexts ${JSON.stringify(contexts)}); pass unchecked: true to deliver anyway`);
    }
    const required = command.default_member_permissions;
    if (typeof required !== 'string') return;
    const have = permissions === undefined ? world.channelPermissions(userId, channelId) : BigInt(permissions);
    const need = BigInt(required);
    const admin = (have & Perm.Administrator) !== 0n || userId === world.fixture.guild.ownerId;
    if (!admin && (need === 0n || (have & need) !== need)) {
      throw new Error(
        `injectInteraction: Discord hides ${where} from ${world.user(userId)?.username ?? userId} (default_member_permissions ${required}, member has ${have}); pass unchecked: true to deliver anyway`,
      );
    }
  }

  private optionType(value: OptionInput, declared: Json | undefined): number {
    if (isTyped(value)) return KIND_TO_TYPE[value.type];
    if (typeof declared?.type === 'number') return declared.type;
    if (typeof value === 'boolean') return 5;
    if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
    if (/^<#\d+>$/.test(value)) return 7;
    if (/^<@&\d+>$/.test(value)) return 8;
    if (/^<@!?\d+>$/.test(value)) return 6;
    return 3;
  }

  private buildOptions(
    path: CommandPath,
    guildId: string | null,
    resolved: Resolved,
    focused?: { name: string; value: string | number },
  ): { options: Json[]; command: CommandRecord | undefined } {
    const command = this.state.findCommand(path.name, path.scope === 'global' ? null : guildId);
    const declared = this.declaredOptions(command, path.group, path.subcommand);
    const input = { ...(path.options ?? {}) };
    if (focused && !(focused.name in input)) input[focused.name] = focused.value;
    const values: Json[] = Object.entries(input).map(([name, raw]) => {
      const decl = declared.find((d) => d.name === name);
      if (command && !decl) {
        throw new Error(`injectInteraction: /${path.name} has no option "${name}" (registered: ${declared.map((d) => String(d.name)).join(', ') || 'none'})`);
      }
      const type = this.optionType(raw, decl);
      const plain = isTyped(raw) ? raw.value : raw;
      const option: Json = { name, type, value: this.coerce(plain, type, resolved, guildId) };
      if (focused?.name === name) {
        option.focused = true;
        option.value = String(focused.value);
        if (type === 4 || type === 10) option.value = String(plain);
      }
      return option;
    });
    let options = values;
    if (path.subcommand) options = [{ name: path.subcommand, type: 1, options }];
    if (path.group) options = [{ name: path.group, type: 2, options }];
    return { options, command };
  }

  private coerce(value: OptionValue, type: number, resolved: Resolved, guildId: string | null): OptionValue {
    const world = this.state.world;
    switch (type) {
      case 3:
        return String(value);
      case 4:
        return typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value), 10);
      case 10:
        return typeof value === 'number' ? value : Number(value);
      case 5:
        return typeof value === 'boolean' ? value : String(value) === 'true';
      case 6:
      case 9: {
        const ref = String(value);
        if (type === 9 && (/^<@&/.test(ref) || world.roles().some((r) => r.id === ref || r.name === ref.replace(/^@/, '')))) {
          const id = this.resolveRole(ref);
          resolved.roles[id] = roleWire(world.role(id)!);
          return id;
        }
        const id = this.resolveUser(ref);
        const user = world.user(id);
        if (user) resolved.users[id] = userWire(user);
        const member = guildId ? world.member(id) : undefined;
        if (member) resolved.members[id] = { ...world.memberWire(member, false), permissions: world.basePermissions(id).toString() };
        return id;
      }
      case 7: {
        const id = this.resolveChannel(String(value));
        const channel = world.channel(id);
        if (channel) {
          const { guild_id: _g, position: _p, permission_overwrites: _o, ...rest } = channelWire(channel, world.guildId);
          resolved.channels[id] = { ...rest, permissions: world.channelPermissions(this.state.botUser.id, id).toString() };
        }
        return id;
      }
      case 8: {
        const id = this.resolveRole(String(value));
        resolved.roles[id] = roleWire(world.role(id)!);
        return id;
      }
      default:
        return value;
    }
  }

  /** Marks a fabricated message as the answer to `owner`'s slash command, as Discord's interaction_metadata does. */
  private ownedBy(msg: WireMessage, owner: string | undefined): WireMessage {
    const user = owner === undefined ? undefined : this.state.world.user(this.resolveUser(owner));
    if (user) msg.interaction_metadata = { id: snowflake(), type: 2, user: userWire(user), authorizing_integration_owners: {} };
    return msg;
  }

  private findMessage(ref: string | WireMessage | undefined, channelId: string, customId: string, kind: 'button' | 'select' | 'modal', values?: string[]): WireMessage {
    if (ref && typeof ref !== 'string') return ref;
    if (typeof ref === 'string') {
      const stored = this.state.messages.get(ref);
      if (!stored) throw new Error(`injectInteraction: unknown message ${ref}`);
      return stored.msg;
    }
    // Fabricate the bot message the component lives on (hidden from messages()).
    const component =
      kind === 'select'
        ? { type: 3, custom_id: customId, options: (values ?? ['a']).map((v) => ({ label: v, value: v })), min_values: 1, max_values: Math.max(1, values?.length ?? 1) }
        : { type: 2, style: 1, custom_id: customId, label: customId.slice(0, 80) };
    return this.state.createMessage({
      channelId,
      body: { content: 'Pick one', components: kind === 'modal' ? [] : [{ type: 1, components: [component] }] },
      hidden: true,
    }).msg;
  }

  build(spec: InteractionSpec): InteractionState {
    const state = this.state;
    const world = state.world;
    const userId = this.resolveUser(spec.user);
    const user = world.user(userId);
    if (!user) throw new Error(`injectInteraction: unknown user ${userId}`);
    const elsewhere = spec.userInstall ? elsewhereInteraction(world, spec.userInstall, user, state.channelMessages(spec.userInstall === 'group-dm' ? ELSEWHERE_IDS.groupDmId : ELSEWHERE_IDS.channelId).at(-1)?.id ?? null) : undefined;
    if (elsewhere) state.elsewhere.set(elsewhere.channelId, elsewhere.guildId);
    const inGuild = !spec.dm && !elsewhere;
    const member = inGuild ? world.member(userId) : undefined;
    if (inGuild && !member) throw new Error(`injectInteraction: ${user.username} is not a member of the guild; use dm: true`);
    const channelId = elsewhere ? elsewhere.channelId : inGuild ? this.resolveChannel(spec.channel) : state.dmFor(userId).id;
    const guildId = inGuild ? world.guildId : null;
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomToken(48)}`;
    const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {} };

    let type: number;
    let data: Json;
    let message: WireMessage | undefined;
    switch (spec.kind) {
      case 'slash':
      case 'autocomplete': {
        const focused = spec.kind === 'autocomplete'
          ? { name: spec.focused, value: spec.value ?? (isTypedOrPlain(spec.options?.[spec.focused]) ?? '') }
          : undefined;
        const { options, command } = this.buildOptions(spec, guildId, resolved, focused);
        if (command && !spec.unchecked && spec.userInstall) checkUserInstallAvailable(command, spec.userInstall);
        else if (command && !spec.unchecked) this.checkAvailable(command, inGuild, userId, channelId, spec.permissions);
        type = spec.kind === 'slash' ? 2 : 4;
        data = {
          id: command?.id ?? snowflake(),
          name: spec.name,
          type: 1,
          ...(options.length ? { options } : {}),
          ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
        };
        const hasResolved = Object.values(resolved).some((r) => Object.keys(r).length);
        if (hasResolved && spec.kind === 'slash') {
          data.resolved = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length));
        }
        break;
      }
      case 'button':
        type = 3;
        message = this.findMessage(spec.message, channelId, spec.customId, 'button');
        if (!spec.message) this.ownedBy(message, spec.messageOwner);
        data = { custom_id: spec.customId, component_type: 2 };
        break;
      case 'stringSelect':
        type = 3;
        message = this.findMessage(spec.message, channelId, spec.customId, 'select', spec.values);
        if (!spec.message) this.ownedBy(message, spec.messageOwner);
        data = { custom_id: spec.customId, component_type: 3, values: [...spec.values] };
        break;
      case 'modalSubmit':
        type = 5;
        message = spec.message ? this.findMessage(spec.message, channelId, spec.customId, 'modal') : undefined;
        data = {
          custom_id: spec.customId,
          components: Object.entries(spec.fields).map(([customId, value]) => ({
            type: 1,
            components: [{ type: 4, custom_id: customId, value }],
          })),
        };
        break;
    }

    const channel: Json = elsewhere
      ? {}
      : inGuild
      ? (() => {
          const c = world.channel(channelId)!;
          const { permission_overwrites: _o, ...rest } = channelWire(c, world.guildId);
          return { ...rest, permissions: world.channelPermissions(userId, channelId).toString() };
        })()
      : state.dmWire(state.dmFor(userId));
    const appPermissions = spec.appPermissions ?? (inGuild ? world.channelPermissions(state.botUser.id, channelId) : 0n);
    const locale = spec.locale ?? 'en-US';
    const payload: Json = {
      id,
      application_id: state.applicationId,
      type,
      data,
      ...(inGuild ? { guild_id: guildId, guild_locale: world.fixture.guild.preferredLocale, guild: { id: guildId, locale: world.fixture.guild.preferredLocale, features: [] } } : {}),
      channel,
      channel_id: channelId,
      ...(inGuild
        ? {
            member: {
              ...world.memberWire(member!, true),
              permissions: (spec.permissions ?? world.channelPermissions(userId, channelId)).toString(),
            },
          }
        : elsewhere
          ? {}
          : { user: userWire(user) }),
      token,
      version: 1,
      ...(message ? { message } : {}),
      app_permissions: appPermissions.toString(),
      locale,
      entitlements: [],
      authorizing_integration_owners: inGuild ? { '0': guildId } : { '0': '0' },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      // Through the user's own install: the place's guild, channel, member or user, permissions, owners and context.
      ...elsewhere?.fields,
    };
    return {
      id,
      token,
      type,
      payload,
      dispatchedAt: Date.now(),
      userId,
      channelId,
      guildId: elsewhere ? elsewhere.guildId : guildId,
      componentMessageId: message?.id ?? null,
      callbacks: [],
      rejected: [],
      originalId: null,
      followUpIds: [],
    };
  }
}

function isTypedOrPlain(value: OptionInput | undefined): string | number | undefined {
  if (value === undefined) return undefined;
  const plain = isTyped(value) ? value.value : value;
  return typeof plain === 'boolean' ? String(plain) : plain;
}
