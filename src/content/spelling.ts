// Matching one typed word against the words of every name: itself, a close misspelling ("dedlift"), or, for the
// last word typed, the start of a word ("tramp"). Edit distance comes from fastest-levenshtein, with two swapped
// neighbours counted as one typo.
import { distance } from 'fastest-levenshtein';

/** The words of every name, grouped by length so a misspelling is compared only with words of about its length. */
export interface Spelling {
  words: ReadonlySet<string>;
  byLength: ReadonlyMap<number, readonly string[]>;
  longest: number;
}

export interface WordMatch {
  word: string;
  edits: number;
  /** The query word is the start of this word (only ever the last word typed). */
  prefix: boolean;
}

export function createSpelling(words: Iterable<string>): Spelling {
  const all = new Set(words);
  const byLength = new Map<number, string[]>();
  for (const w of all) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  return { words: all, byLength, longest: Math.max(0, ...byLength.keys()) };
}

/** How many typos a word may hold: none up to 4 letters, one up to 8, two beyond ("sleeping" is not "skipping"). */
function allowedEdits(length: number): number {
  if (length <= 4) return 0;
  return length <= 8 ? 1 : 2;
}

/** Edit distance, with two swapped neighbours ("deadlfit") counted as one typo rather than two. */
function typos(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = diff;
  return diff.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!] ? 1 : d;
}

/** The vocabulary words one query word may stand for: itself, its nearest misspelling, or (last word) a start. */
export function matchWord(spelling: Spelling, token: string, fuzzy: boolean, last: boolean): WordMatch[] {
  const out: WordMatch[] = [];
  const max = fuzzy && token.length <= spelling.longest + 3 ? allowedEdits(token.length) : 0;
  if (spelling.words.has(token)) out.push({ word: token, edits: 0, prefix: false });
  else if (max > 0) {
    let best = max + 1;
    let near: string[] = [];
    for (let length = token.length - max; length <= token.length + max; length++) {
      for (const w of spelling.byLength.get(length) ?? []) {
        const d = typos(token, w);
        if (d < best) [best, near] = [d, []];
        if (d === best && d <= max) near.push(w);
      }
    }
    out.push(...near.map((word) => ({ word, edits: best, prefix: false })));
  }
  if (last) {
    for (const w of spelling.words) {
      if (w.length <= token.length) continue;
      if (w.startsWith(token)) out.push({ word: w, edits: 0, prefix: true });
      // A half-typed word with a typo: compared only with words starting with the same letter, to stay cheap.
      else if (max > 0 && w.length > token.length + 1 && w[0] === token[0]) {
        const d = typos(token, w.slice(0, token.length));
        if (d <= max) out.push({ word: w, edits: d, prefix: true });
      }
    }
  }
  return out;
}
