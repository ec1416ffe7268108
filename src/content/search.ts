// Finds activities and stretches by name, alias or a misspelling of either. Exact and prefix
// matches come first (what a member half-typed), then edit-distance matches (what they misspelled),
// measured with fastest-levenshtein: fast enough to run against every name on every keystroke.
import { distance } from 'fastest-levenshtein';

export interface Searchable {
  id: string;
  name: string;
  aliases: readonly string[];
}

export interface SearchIndex<T extends Searchable> {
  /** Ranked matches, best first; empty for empty or hopeless input. */
  search(query: string, limit?: number): T[];
  /** The one item a query names: exact, or a single confident partial or fuzzy match. */
  resolve(query: string, options?: ResolveOptions): T | undefined;
  readonly items: readonly T[];
}

export interface ResolveOptions {
  /** Shorter input is taken only when it is an exact name, id or alias ("a" or "arm" never picks one). */
  minPartialLength?: number;
}

interface Term<T> {
  item: T;
  term: string;
  words: string[];
}

/** Longer than any name or alias we have; past it input is junk, not a search. */
const MAX_QUERY = 60;
/** A fuzzy match must be at least this good (edits per character) to be taken without asking. */
const CONFIDENT = 0.25;

/** How many typos a query of this length may hold: none in 3 letters, up to 3 in long names. */
function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9'& -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Index<T> {
  terms: Term<T>[];
  exact: Map<string, T>;
  /** Fuzzy matching a query much longer than any name can only find noise: past this length only exact and prefix matching run. */
  fuzzyMax: number;
}

type Ranked<T> = { item: T; rank: number; score: number };
type Offer<T> = (item: T, rank: number, score: number) => void;

export function createSearchIndex<T extends Searchable>(items: readonly T[]): SearchIndex<T> {
  const terms: Term<T>[] = items.flatMap((item) =>
    [item.id, item.id.replace(/-/g, ' '), item.name, ...item.aliases].map((t) => {
      const term = normalize(t);
      return { item, term, words: term.split(' ') };
    }),
  );
  const index: Index<T> = { terms, exact: new Map(terms.map((t) => [t.term, t.item])), fuzzyMax: Math.max(...terms.map((t) => t.term.length)) + 3 };
  return {
    items,
    search: (query, limit = 25) =>
      ranked(index, query)
        .slice(0, limit)
        .map((r) => r.item),
    resolve: (query, options = {}) => resolveIn(index, query, options),
  };
}

/** Edit-distance matches of `q` against whole names and against name prefixes of its length. */
function fuzzy<T>(index: Index<T>, q: string, rank: number, offer: Offer<T>): void {
  const max = allowedEdits(q.length);
  if (max === 0) return;
  for (const { item, term } of index.terms) {
    if (Math.abs(term.length - q.length) <= max) {
      const d = distance(q, term);
      if (d <= max) offer(item, rank, d / q.length);
    }
    // Half-typed and misspelled ("deadl" is a prefix; "dedl" is one edit from one).
    if (term.length > q.length + 1) {
      const d = distance(q, term.slice(0, q.length));
      if (d <= max) offer(item, rank, (d + 0.5) / q.length);
    }
  }
}

function ranked<T extends Searchable>(index: Index<T>, query: string): Ranked<T>[] {
  const q = normalize(query);
  if (q.length === 0 || q.length > MAX_QUERY) return [];
  const best = new Map<string, Ranked<T>>();
  const offer: Offer<T> = (item, rank, score) => {
    const prev = best.get(item.id);
    if (!prev || rank < prev.rank || (rank === prev.rank && score < prev.score)) best.set(item.id, { item, rank, score });
  };
  for (const { item, term, words } of index.terms) {
    if (term === q) offer(item, 0, 0);
    else if (term.startsWith(q)) offer(item, 1, term.length - q.length);
    else if (words.some((w) => w.startsWith(q))) offer(item, 2, term.length);
  }
  if (q.length <= index.fuzzyMax) fuzzy(index, q, 3, offer);
  // "heavy deadlifting yesterday": nothing matches the whole phrase, so try its first few words.
  // These rank last and are never taken without asking.
  if (best.size === 0 && q.includes(' ')) {
    for (const word of q.split(' ').filter((w) => w.length >= 3 && w.length <= index.fuzzyMax).slice(0, 4)) {
      const hit = index.exact.get(word);
      if (hit) offer(hit, 4, 0);
      else fuzzy(index, word, 4, offer);
    }
  }
  return [...best.values()].sort((a, b) => a.rank - b.rank || a.score - b.score || (a.item.name < b.item.name ? -1 : 1));
}

function resolveIn<T extends Searchable>(index: Index<T>, query: string, options: ResolveOptions): T | undefined {
  const hit = index.exact.get(normalize(query));
  if (hit) return hit;
  if (normalize(query).length < (options.minPartialLength ?? 0)) return undefined;
  const all = ranked(index, query);
  const [first, second] = all;
  if (!first) return undefined;
  if (first.rank === 0) return first.item;
  // A partial hit is taken only when it names one item; a fuzzy hit only when it is good and
  // clearly ahead of the next one. Anything else gets "did you mean".
  if (first.rank <= 2) return all.filter((r) => r.rank <= 2).length === 1 ? first.item : undefined;
  const clearlyAhead = !second || second.score - first.score > 0.1;
  return first.rank === 3 && first.score <= CONFIDENT && clearlyAhead ? first.item : undefined;
}
