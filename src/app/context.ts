// The context every handler receives. Built once in main.ts (or by a test, or by `npm run try`)
// and passed in: there are no module-level singletons to reach for.
import type { Config } from './config.ts';
import type { Knowledge } from '../content/load.ts';
import type { SearchIndex } from '../content/search.ts';
import type { Activity, Routine, Stretch } from '../content/schema.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Logger } from '../base/logger.ts';
import type { Messenger } from '../delivery/messenger.ts';
import type { SingleFlight } from '../base/single-flight.ts';
import type { Store } from '../store/index.ts';
import type { CommandIds } from './command-ids.ts';

export interface AppContext {
  config: Config;
  knowledge: Knowledge;
  activities: SearchIndex<Activity>;
  stretches: SearchIndex<Stretch>;
  routines: SearchIndex<Routine>;
  /** The stretch pictures, drawn once at start-up (src/render/pictures/). */
  pictures: Pictures;
  logger: Logger;
  /** Lumbar's version, from package.json. */
  version: string;
  /** Injectable so tests and benchmarks control time. */
  clock: () => Date;
  store: Store;
  /** Discord, as far as DMs and posts go. */
  messenger: Messenger;
  /** Shares one run among concurrent identical requests (a member's first DM check). */
  singleFlight: SingleFlight;
  /** The commands' ids once Discord has told this process (at ready): references become clickable mentions. */
  commandIds: CommandIds;
}
