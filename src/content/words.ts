// The words of a search: normalizing, splitting into words, folding plurals, and the words that say nothing
// about which activity someone means ("my back hurts after…", "yesterday", "heavy", "at the gym").

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9'& -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plurals fold to one form ("squats", "lunges", "sit-ups"); "press", "piriformis" and "plus" stay as they are. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 2 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "Sit-ups after my kid's class" → ["sit", "up", "after", "my", "kid", "class"]. */
export function words(text: string): string[] {
  return normalize(text)
    .replace(/'/g, '')
    .split(/[\s&-]+/)
    .filter(Boolean)
    .map(stem);
}

/**
 * Words a member adds around the activity: pain words, time, effort, small words. A query is understood when
 * every other word is explained by one activity's names; these need no explaining. They still count when they
 * are part of a name ("back squat", "woke up"), and are never matched by spelling alone.
 */
const FILLER_WORDS: ReadonlySet<string> = new Set(
  [
    // small words
    'a an the my me i im ive id it its is was were are am be been and or but of on in at to for from with by about',
    'after afterward afterwards before during when whenever while since then than so too very really just also',
    'this that these those there here up down over off out into some any every each all much more most lot bit little',
    'do does did doing done go goes going went get got getting gotten had have has having feel feeling felt',
    'start started starting keep kept try tried trying make made play playing played use using used can cant cannot',
    // pain words
    'back lower low upper pain painful hurt hurting sore soreness ache aching achy stiff stiffness tight tightness',
    'twinge niggle pulled tweaked strain strained injured injury spasm killing agony bad badly worse worst',
    // time and effort
    'today yesterday tonight night morning evening afternoon week weekend day last recent recently now ago always',
    'monday tuesday wednesday thursday friday saturday sunday hour minute min second since every',
    'mile km kilometre kilometer metre meter kg kilo lb rep set',
    'first time again new heavy heavier light long longer short hard harder easy big huge intense extra one two few',
    // the setting
    'session class lesson workout training exercise exercising sport activity game match practice',
    'gym club home machine',
  ]
    .join(' ')
    .split(' ')
    .map(stem),
);

/** Distances, weights, times and counts: "140kg", "20 miles", "3x10" (not "5k", a race's name). */
const MEASURE = /^\d+(\.\d+)?(x\d+|kg|kgs|kilo|kilos|lb|lbs|km|kms|mi|mile|miles|m|min|mins|hr|hrs|st)?$/;

export function isFiller(word: string): boolean {
  return FILLER_WORDS.has(word) || MEASURE.test(word);
}
