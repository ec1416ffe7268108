import { commands } from '../../commands/index.ts';
import { CommandIds, type RegisteredCommand } from '../../src/app/command-ids.ts';

/** What Discord answers a registration with: every command with an id (here 1000, 1001, … in list order). */
export function registeredWithIds(applicationId?: string): RegisteredCommand[] {
  return commands.map((c, i) => ({
    id: String(1000 + i),
    name: c.data.name,
    type: 1,
    options: c.data.options?.map((o) => ({ type: o.type, name: o.name })),
    ...(applicationId ? { application_id: applicationId } : {}),
  }));
}

/** Ids as a process holds them after registering every command. */
export function learnedIds(applicationId?: string): CommandIds {
  const ids = new CommandIds();
  ids.learn(registeredWithIds(applicationId));
  return ids;
}
