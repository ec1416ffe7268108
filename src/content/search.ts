// Finds activities and stretches by name, alias or a misspelling of either. Exact and prefix
// matches come first (what a member half-typed), then Fuse.js fuzzy matches (what they misspelled).
import Fuse from 'fuse.js';

export interface Searchable {
  id: string;
  name: string;
  aliases: readonly string[];
}

export interface SearchIndex<T extends Searchable> {
  /** Ranked matches, best first; empty for empty or hopeless input. */
  search(query: string, limit?: number): T[];
  /** The one item a query names: exact, or a single confident fuzzy match. */
  resolve(query: string): T | undefined;
  readonly items: readonly T[];
}

interface Term<T> {
  item: T;
  term: string;
}

/** Longer than any name or alias we have; past it input is junk, not a search. */
const MAX_QUERY = 60;
const FUZZY_THRESHOLD = 0.4;
/** A fuzzy match must be at least this good to be taken without asking "did you mean". */
const CONFIDENT = 0.25;

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9'& -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function createSearchIndex<T extends Searchable>(items: readonly T[]): SearchIndex<T> {
  const terms: Term<T>[] = items.flatMap((item) =>
    [item.id, item.id.replace(/-/g, ' '), item.name, ...item.aliases].map((t) => ({ item, term: normalize(t) })),
  );
  const fuse = new Fuse(terms, {
    keys: ['term'],
    includeScore: true,
    threshold: FUZZY_THRESHOLD,
    ignoreLocation: true,
    minMatchCharLength: 2,
  });

  function ranked(query: string): { item: T; rank: number; score: number }[] {
    const q = normalize(query);
    if (q.length === 0 || q.length > MAX_QUERY) return [];
    const best = new Map<string, { item: T; rank: number; score: number }>();
    const offer = (item: T, rank: number, score: number) => {
      const prev = best.get(item.id);
      if (!prev || rank < prev.rank || (rank === prev.rank && score < prev.score)) best.set(item.id, { item, rank, score });
    };
    for (const { item, term } of terms) {
      if (term === q) offer(item, 0, 0);
      else if (term.startsWith(q)) offer(item, 1, term.length - q.length);
      else if (term.split(' ').some((w) => w.startsWith(q))) offer(item, 2, term.length);
    }
    for (const r of fuse.search(q)) offer(r.item.item, 3, r.score ?? 1);
    // "heavy deadlifting yesterday": nothing matches the whole phrase, so try its words. These
    // rank last and are never taken without asking.
    if (best.size === 0 && q.includes(' ')) {
      for (const word of q.split(' ').filter((w) => w.length >= 3)) {
        for (const r of fuse.search(word)) offer(r.item.item, 4, r.score ?? 1);
      }
    }
    return [...best.values()].sort((a, b) => a.rank - b.rank || a.score - b.score || a.item.name.localeCompare(b.item.name));
  }

  return {
    items,
    search(query, limit = 25) {
      return ranked(query)
        .slice(0, limit)
        .map((r) => r.item);
    },
    resolve(query) {
      const all = ranked(query);
      const [first, second] = all;
      if (!first) return undefined;
      if (first.rank === 0) return first.item;
      // A partial hit is taken only when it names one item; a fuzzy hit only when it is good and
      // clearly ahead of the next one. Anything else gets "did you mean".
      if (first.rank <= 2) return all.filter((r) => r.rank <= 2).length === 1 ? first.item : undefined;
      const clearlyAhead = !second || second.score - first.score > 0.1;
      return first.rank === 3 && first.score <= CONFIDENT && clearlyAhead ? first.item : undefined;
    },
  };
}
