// Every file a comment, a doc or a test names must be in the repository: a contributor who clones it has to be able
// to follow each one. A name counts as a reference when it ends in .md, .ts, .json or .sql and either holds a slash
// or is a .md file. It resolves from the folder of the file that names it or any folder above it, up to the
// repository root (a code sample in a README is written from where the code lives). Web addresses are left out,
// and so are outputs under a git-ignored folder (`bench/out/`): they are made, not kept.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNED = ['src', 'commands', 'test', 'bench', 'docs', 'README.md'];
const TEXT = /\.(ts|md|json|sql|service)$/;
// A path-like name: optional ./ or ../ steps, folders, and a file with one of the four endings. Not preceded by
// anything a path, a template or a glob could continue from, so `${id}.json` or `**/*.test.ts` are no references.
const REFERENCE = /(?<![\w/.@:*${}-])((?:\.{1,2}\/)*(?:[\w-]+(?:\.[\w-]+)*\/)*[\w-]+(?:\.[\w-]+)*\.(?:md|ts|json|sql))(?![\w/-])/g;
const URL = /\b[a-z][\w+.-]*:\/\/\S+/gi;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!readdirSafe(full)) return TEXT.test(path) ? [path] : [];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const child = join(path, entry.name);
    return entry.isDirectory() ? filesUnder(child) : TEXT.test(entry.name) ? [child] : [];
  });
}

function readdirSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The references in one file's text: path-like names with a slash, or any .md name. */
function referencesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.replace(URL, ' ').matchAll(REFERENCE)) {
    const name = match[1]!;
    if (name.includes('/') || name.endsWith('.md')) found.add(name);
  }
  return [...found];
}

const IGNORED_FOLDERS = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.endsWith('/') && !line.startsWith('#'));

function resolves(file: string, name: string): boolean {
  if (IGNORED_FOLDERS.some((folder) => name.startsWith(folder))) return true;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(ROOT, dir, name))) return true;
    if (dir === '.' || dir === '') return false;
  }
}

describe('file references', () => {
  it('finds what it should, and leaves out addresses, templates and globs', () => {
    const sample = [
      '// see docs/design.md and `src/store/db.ts`, or ../helpers/context.ts; README.md too',
      "import { x } from '../e2e/harness.ts';",
      'https://example.com/guide.md, `${name}.json`, test/**/*.test.ts, data/*.json, helpers.ts',
    ].join('\n');
    expect(referencesIn(sample).sort()).toEqual(['../e2e/harness.ts', '../helpers/context.ts', 'README.md', 'docs/design.md', 'src/store/db.ts'].sort());
  });

  it('every file named in src/, commands/, test/, bench/, docs/ and README.md exists in the repository', () => {
    const files = SCANNED.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const name of referencesIn(text)) if (!resolves(file, name)) missing.push(`${file}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
