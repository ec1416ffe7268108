// Finds activities and stretches from what a member types: a name or alias, a misspelling of one, a half-typed
// one, or a sentence around one ("my back hurts after spin class"). Whole words are matched before characters
// (spelling.ts), and a query names one card only when every word that matters is explained by that card's names;
// anything less offers cards instead of opening one, so a caller can answer generally rather than guess.
import { createSpelling, matchWord, type Spelling, type WordMatch } from './spelling.ts';
import { isFiller, normalize, words } from './words.ts';

export { normalize };

export interface Searchable {
  id: string;
  name: string;
  aliases: readonly string[];
}

export interface SearchIndex<T extends Searchable> {
  /** Ranked matches, best first; empty for empty or hopeless input. */
  search(query: string, limit?: number): T[];
  /** The one item a query names; undefined whenever that is not certain, so the caller can ask or stay general. */
  resolve(query: string, options?: ResolveOptions): T | undefined;
  readonly items: readonly T[];
}

export interface ResolveOptions {
  /** Shorter input is taken only when it is an exact name, id or alias ("a" or "arm" never picks one). */
  minPartialLength?: number;
}

/** How sure a hit is, best first. */
const RANK = {
  /** The whole query is a name or alias. */
  exact: 0,
  /** The item's names explain every word that matters ("sore back after spin class"). */
  names: 1,
  /** Every word typed is part of one of its names ("bench", "hip thr"): what autocomplete is for. */
  partOf: 2,
  /** Some words are its names, others are unexplained ("standing desk": standing, but desk?). Never taken alone. */
  mentions: 3,
} as const;

/** Discord's limit for the option; past it input is junk, not a search. */
const MAX_QUERY = 100;
/** How many of a query's words that matter may be misspelled. */
const MAX_FUZZY_WORDS = 6;
/** A half-typed name is taken without asking only from this many characters ("tramp" yes, "sq" no). */
const MIN_PARTIAL = 4;

interface Term<T> {
  item: T;
  words: string[];
  /** Per word: must the query have it? Small words of a longer name need not ("picking up the baby"). */
  required: boolean[];
  length: number;
}

interface Index<T> {
  exact: Map<string, T>;
  /** Every word of every name, and every several-word name written as one word ("benchpress"), with its names. */
  vocabulary: Map<string, Term<T>[]>;
  spelling: Spelling;
}

interface Query {
  text: string;
  tokens: string[];
  /** Positions of the words that matter (not fillers). */
  content: number[];
  matches: WordMatch[][];
  /** A misspelled word is equally close to two different words ("mowing": moving or rowing?). */
  unsureSpelling: boolean;
}

interface Hit<T> {
  item: T;
  rank: number;
  /** Query words that matter, explained by this item's names. */
  covered: number;
  /** All query words explained, small words included ("the day after training": more of it is one card's name). */
  explained: number;
  atStart: boolean;
  edits: number;
  length: number;
}

export function createSearchIndex<T extends Searchable>(items: readonly T[]): SearchIndex<T> {
  const terms: Term<T>[] = items.flatMap((item) => [item.id, item.name, ...item.aliases].map((t) => term(item, t)));
  const exact = new Map<string, T>();
  const vocabulary = new Map<string, Term<T>[]>();
  const add = (word: string, t: Term<T>) => vocabulary.set(word, [...(vocabulary.get(word) ?? []), t]);
  for (const item of items) {
    for (const t of [item.id, item.id.replace(/-/g, ' '), item.name, ...item.aliases]) {
      for (const key of [normalize(t), words(t).join(' ')]) if (!exact.has(key)) exact.set(key, item);
    }
  }
  for (const term of terms) {
    for (const w of new Set(term.words)) add(w, term);
    if (term.words.length > 1) add(term.words.join(''), term);
  }
  const index: Index<T> = { exact, vocabulary, spelling: createSpelling(vocabulary.keys()) };
  return {
    items,
    search: (query, limit = 25) =>
      ranked(index, query)
        .slice(0, limit)
        .map((h) => h.item),
    resolve: (query, options = {}) => resolveIn(index, query, options),
  };
}

function term<T>(item: T, text: string): Term<T> {
  const ws = words(text);
  // "good morning" needs both words; in "picking up the baby" the small words are optional.
  const loose = ws.filter((w) => !isFiller(w)).length >= 2;
  return { item, words: ws, required: ws.map((w) => !(loose && isFiller(w))), length: normalize(text).length };
}

function analyse<T>(index: Index<T>, query: string): Query | undefined {
  const text = normalize(query);
  if (text.length === 0 || text.length > MAX_QUERY) return undefined;
  const tokens = words(query);
  const content = tokens.flatMap((t, i) => (isFiller(t) ? [] : [i]));
  // Spelling is forgiven in the first few words that matter: a member names the activity early, and junk stays cheap.
  const fuzzy = new Set(content.slice(0, MAX_FUZZY_WORDS));
  const matches = tokens.map((t, i) => matchWord(index.spelling, t, fuzzy.has(i), i === tokens.length - 1));
  const unsureSpelling = matches.some((ms) => new Set(ms.filter((m) => m.edits > 0 && !m.prefix).map((m) => m.word)).size > 1);
  return { text, tokens, content, matches, unsureSpelling };
}

/** Which query words a term's words account for (each by a different word), or the term typed as one word. */
function contained<T>(term: Term<T>, q: Query): { covered: number[]; edits: number } | undefined {
  const whole = term.words.length > 1 ? term.words.join('') : undefined;
  for (let i = 0; whole && i < q.tokens.length; i++) {
    const m = q.matches[i]!.find((x) => !x.prefix && x.word === whole);
    if (m) return { covered: [i], edits: m.edits };
  }
  const used: number[] = [];
  let edits = 0;
  for (const [k, w] of term.words.entries()) {
    let pick: { i: number; edits: number } | undefined;
    q.matches.forEach((ms, i) => {
      const m = used.includes(i) ? undefined : ms.find((x) => !x.prefix && x.word === w);
      if (m && (!pick || m.edits < pick.edits)) pick = { i, edits: m.edits };
    });
    if (!pick && term.required[k]) return undefined;
    if (!pick) continue;
    used.push(pick.i);
    edits += pick.edits;
  }
  return used.length > 0 ? { covered: used, edits } : undefined;
}

interface PartOf {
  edits: number;
  /** The words typed are the start of the name ("bench pres" of "bench press", not of "army bench press"). */
  atStart: boolean;
  length: number;
}

/** Whether every word that matters is one of the term's words (the last may be half-typed), and how well. */
function partOf<T>(term: Term<T>, q: Query): PartOf | undefined {
  const positions = q.content.length > 0 ? q.content : q.tokens.map((_, i) => i);
  let edits = 0;
  for (const i of positions) {
    const best = q.matches[i]!.filter((m) => term.words.includes(m.word)).sort((a, b) => a.edits - b.edits)[0];
    if (!best) return undefined;
    edits += best.edits;
  }
  const atStart = positions.every((i, k) => q.matches[i]!.some((m) => m.word === term.words[k]));
  return { edits, atStart, length: term.length };
}

/** Better first: more of the query explained, a name's start over its middle, fewer typos. 0 means a tie. */
function compare<T>(a: Hit<T>, b: Hit<T>): number {
  return a.rank - b.rank || b.covered - a.covered || b.explained - a.explained || Number(b.atStart) - Number(a.atStart) || a.edits - b.edits;
}

interface Tally<T> {
  item: T;
  covered: Set<number>;
  edits: number;
  partOf?: PartOf;
}

function tally<T extends Searchable>(index: Index<T>, q: Query): Map<string, Tally<T>> {
  const byItem = new Map<string, Tally<T>>();
  const of = (item: T) => byItem.get(item.id) ?? byItem.set(item.id, { item, covered: new Set(), edits: 0 }).get(item.id)!;
  // Only names sharing a word with the query can match it.
  const candidates = new Set(q.matches.flat().flatMap((m) => index.vocabulary.get(m.word) ?? []));
  for (const term of candidates) {
    const hit = contained(term, q);
    if (hit) {
      const t = of(term.item);
      const fresh = hit.covered.filter((i) => !t.covered.has(i));
      if (fresh.length > 0) t.edits += hit.edits;
      for (const i of hit.covered) t.covered.add(i);
    }
    const part = partOf(term, q);
    if (part) {
      const t = of(term.item);
      // The item's best partial name: from its start, fewest typos, then shortest (least left to type).
      const order = (a: PartOf, b: PartOf) => Number(b.atStart) - Number(a.atStart) || a.edits - b.edits || a.length - b.length;
      if (!t.partOf || order(part, t.partOf) < 0) t.partOf = part;
    }
  }
  return byItem;
}

function ranked<T extends Searchable>(index: Index<T>, query: string): Hit<T>[] {
  const q = analyse(index, query);
  return q ? hitsFor(index, q) : [];
}

function hitsFor<T extends Searchable>(index: Index<T>, q: Query): Hit<T>[] {
  const exact = index.exact.get(q.text) ?? index.exact.get(q.tokens.join(' '));
  const hits: Hit<T>[] = [];
  for (const t of tally(index, q).values()) {
    const covered = q.content.filter((i) => t.covered.has(i)).length;
    const base = { item: t.item, covered, explained: t.covered.size, atStart: false, edits: t.edits, length: 0 };
    if (t.item === exact) hits.push({ ...base, rank: RANK.exact, edits: 0 });
    else if (t.covered.size > 0 && covered === q.content.length) hits.push({ ...base, rank: RANK.names });
    else if (t.partOf) hits.push({ ...base, rank: RANK.partOf, ...t.partOf });
    else if (covered > 0) hits.push({ ...base, rank: RANK.mentions });
  }
  if (exact && !hits.some((h) => h.item === exact)) hits.push({ item: exact, rank: RANK.exact, covered: 0, explained: 0, atStart: false, edits: 0, length: 0 });
  return hits.sort((a, b) => compare(a, b) || a.length - b.length || (a.item.name < b.item.name ? -1 : 1));
}

function resolveIn<T extends Searchable>(index: Index<T>, query: string, options: ResolveOptions): T | undefined {
  const text = normalize(query);
  const exact = index.exact.get(text) ?? index.exact.get(words(query).join(' '));
  if (exact) return exact;
  if (text.length < Math.max(options.minPartialLength ?? 0, 1)) return undefined;
  const q = analyse(index, query);
  const [first, second] = q ? hitsFor(index, q) : [];
  // Two equally good hits are a question, not an answer.
  if (!q || !first || (second && compare(first, second) === 0)) return undefined;
  // A forgiven misspelling must be a misspelling of one word only.
  if (first.edits > 0 && q.unsureSpelling) return undefined;
  if (first.rank === RANK.names) return first.item;
  // Half a name is enough when typed right ("tramp"); misspelled, it takes more than one word to be sure.
  const spelledRight = first.edits === 0 || words(query).filter((w) => !isFiller(w)).length > 1;
  if (first.rank === RANK.partOf && text.length >= MIN_PARTIAL && spelledRight) return first.item;
  return undefined;
}
