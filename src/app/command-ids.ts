// The ids Discord gave Lumbar's commands, learned once per process at ready: from the registration's answer
// in the process that registers (shard 0's), from one GET in every other. Until then, and in `npm run try`,
// there are none, and a command reference stays plain text. Held in the context (AppContext.commandIds).

/** A registered command as Discord's answer describes it: the parts a mention needs. */
export interface RegisteredCommand {
  id: string;
  name: string;
  application_id?: string;
  type?: number;
  options?: readonly { type: number; name: string }[];
}

const SUBCOMMAND = 1;
const CHAT_INPUT = 1;

export class CommandIds {
  private readonly byName = new Map<string, { id: string; subcommands: ReadonlySet<string> }>();
  private application: string | undefined;

  /** Replaces what was known with Discord's list (slash commands only; others cannot be mentioned). */
  learn(registered: readonly RegisteredCommand[]): void {
    this.byName.clear();
    this.application = registered.find((c) => c.application_id)?.application_id;
    for (const c of registered) {
      if ((c.type ?? CHAT_INPUT) !== CHAT_INPUT) continue;
      const subcommands = (c.options ?? []).filter((o) => o.type === SUBCOMMAND).map((o) => o.name);
      this.byName.set(c.name, { id: c.id, subcommands: new Set(subcommands) });
    }
  }

  /** How many commands have a known id. */
  get size(): number {
    return this.byName.size;
  }

  /** Lumbar's application id, as the registered commands name it (for the links that add Lumbar). */
  get applicationId(): string | undefined {
    return this.application;
  }

  idOf(name: string): string | undefined {
    return this.byName.get(name)?.id;
  }

  /**
   * `/remind resume` as Discord's clickable command mention, `</remind resume:123>`, when Discord gave the id;
   * otherwise as bold plain text, the way renderers write it. A command with subcommands is only clickable with
   * one of them named.
   */
  mention(name: string, subcommand?: string): string {
    const known = this.byName.get(name);
    const path = subcommand ? `${name} ${subcommand}` : name;
    const clickable = known && (subcommand ? known.subcommands.has(subcommand) : known.subcommands.size === 0);
    return clickable ? `</${path}:${known.id}>` : `**/${path}**`;
  }
}
