// 1. Knowledge commands in process: interaction options in -> payload out, and autocomplete.
import { backpain } from '../commands/backpain.ts';
import { parseConfig } from '../src/app/config.ts';
import { loadKnowledgeBase } from '../src/content/index.ts';
import type { AppContext } from '../src/app/context.ts';
import type { Reply } from '../src/render/message.ts';
import { flattenOptions, toDiscord } from '../src/discord/router.ts';
import { createLogger } from '../src/base/logger.ts';
import { openDatabase } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';
import { allPictures } from '../src/render/pictures/strip.ts';
import { createSingleFlight } from '../src/base/single-flight.ts';
import { CommandIds } from '../src/app/command-ids.ts';
import { timeSync, type Summary } from './stats.ts';
import { stubMessenger } from './stub-messenger.ts';
import type { CommandInteractionOption } from 'discord.js';

export function benchContext(): AppContext {
  const base = loadKnowledgeBase();
  return {
    config: parseConfig({}),
    ...base,
    pictures: allPictures(base.knowledge),
    logger: createLogger('silent'),
    version: 'bench',
    clock: () => new Date(),
    store: createStore(openDatabase(':memory:')),
    messenger: stubMessenger,
    singleFlight: createSingleFlight(),
    commandIds: new CommandIds(),
  };
}

export function benchKnowledge(): { backpain: Summary; autocomplete: Summary } {
  const ctx = benchContext();
  const activities = ctx.knowledge.activities;
  const sections = ['overview', 'causes', 'relief', 'prevention', 'stretches', 'red-flags'];
  const queries = activities.flatMap((a) => [a.id, ...a.aliases]);
  // What the router does for a slash command, minus the network: flatten the options discord.js
  // parsed, run the handler, build the payload and serialize it as the REST client will.
  const backpainRun = timeSync((i) => {
    const data = [
      { name: 'activity', type: 3, value: queries[i % queries.length] },
      { name: 'section', type: 3, value: sections[i % sections.length] },
    ] as CommandInteractionOption[];
    const reply = backpain.execute({ userId: '1', guildId: '2', channelId: '3', permissions: 0n, ...flattenOptions(data) }, ctx) as Reply;
    return JSON.stringify(toDiscord(reply));
  }, 10_000);

  // Inputs of 1 to 100 characters: prefixes of names, misspellings, and junk.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ';
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const inputs = Array.from({ length: 10_000 }, (_, i) => {
    const len = (i % 100) + 1;
    const base = queries[i % queries.length]!;
    if (i % 3 === 0) return base.slice(0, len);
    return Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  });
  const autocomplete = timeSync((i) => backpain.autocomplete!({ userId: '1', guildId: '2', channelId: '3', permissions: 0n, subcommand: null, options: {}, focused: { name: 'activity', value: inputs[i]! } }, ctx), 10_000);
  return { backpain: backpainRun, autocomplete };
}
