// The knowledge base as handlers use it: validated data plus its search indexes.
import { DATA_DIR } from '../base/paths.ts';
import { loadKnowledge, type Knowledge } from './load.ts';
import { createSearchIndex, type SearchIndex } from './search.ts';
import type { Activity, Routine, Stretch } from './schema.ts';

export { DATA_DIR };

export interface KnowledgeBase {
  knowledge: Knowledge;
  activities: SearchIndex<Activity>;
  stretches: SearchIndex<Stretch>;
  routines: SearchIndex<Routine>;
}

export function loadKnowledgeBase(dataDir = DATA_DIR): KnowledgeBase {
  const knowledge = loadKnowledge(dataDir);
  return {
    knowledge,
    activities: createSearchIndex(knowledge.activities),
    stretches: createSearchIndex(knowledge.stretches),
    routines: createSearchIndex(knowledge.routines),
  };
}
