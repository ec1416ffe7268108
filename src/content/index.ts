// The knowledge base as handlers use it: validated data plus its search indexes.
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type Knowledge } from './load.ts';
import { createSearchIndex, type SearchIndex } from './search.ts';
import type { Activity, Stretch } from './schema.ts';

export const DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

export interface KnowledgeBase {
  knowledge: Knowledge;
  activities: SearchIndex<Activity>;
  stretches: SearchIndex<Stretch>;
}

export function loadKnowledgeBase(dataDir = DATA_DIR): KnowledgeBase {
  const knowledge = loadKnowledge(dataDir);
  return { knowledge, activities: createSearchIndex(knowledge.activities), stretches: createSearchIndex(knowledge.stretches) };
}
