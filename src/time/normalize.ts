// How zone search compares names: what members type and what the lists hold, put in one form.

/** Lower case, no accents, no punctuation; underscores, hyphens and commas become spaces. */
export function normalizePlace(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[_\-,()]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}
