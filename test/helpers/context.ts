import { parseConfig } from '../../src/app/config.ts';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { allPictures } from '../../src/render/pictures/strip.ts';
import type { AppContext } from '../../src/app/context.ts';
import type { CommandInput, ComponentInput } from '../../src/discord/command.ts';
import { createLogger } from '../../src/base/logger.ts';
import { openDatabase } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { createSingleFlight } from '../../src/base/single-flight.ts';
import { recordingMessenger } from './messenger.ts';
import { CommandIds } from '../../src/app/command-ids.ts';

/** Knowledge is read once per test file; it never changes under a test. */
const base = loadKnowledgeBase();
/** The stretch pictures, drawn once per test file, as main.ts draws them once at start-up. */
const pictures = allPictures(base.knowledge);

/** A real context over the real data/ and a real SQLite database, with a silent logger and a fixed clock. */
export function testContext(overrides: Partial<AppContext> = {}): AppContext {
  const store = createStore(openDatabase(':memory:'));
  return {
    config: parseConfig({}),
    ...base,
    pictures,
    logger: createLogger('silent'),
    version: '0.0.0-test',
    clock: () => new Date('2026-11-21T12:00:00Z'),
    store,
    messenger: recordingMessenger(),
    singleFlight: createSingleFlight(),
    commandIds: new CommandIds(),
    ...overrides,
  };
}

export const MEMBER = '200000000000000002';
export const OTHER_MEMBER = '300000000000000003';

/**
 * A command input; spread with `args` and `values` it is a component input too. `isOwner` is true: the presser
 * passed the router's ownership check (preconditions.ts), as every component handler may assume.
 */
export function input(options: CommandInput['options'] = {}, extra: Partial<CommandInput & Pick<ComponentInput, 'isOwner'>> = {}): CommandInput & Pick<ComponentInput, 'isOwner'> {
  return { userId: MEMBER, guildId: '400000000000000004', channelId: '500000000000000005', permissions: 0n, subcommand: null, options, isOwner: true, ...extra };
}
