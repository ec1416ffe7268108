// `npm run stretches:sheet [folder]`: draws every stretch picture, writes one contact sheet PNG with
// each name under its picture (into a new temporary folder unless one is given), prints its path and
// each picture's size and the time the rendering took.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadKnowledgeBase } from './content/index.ts';
import { renderStretchPictures } from './render/pictures/render.ts';
import { fontRenders, renderSheet, sheetHtml, sheetSvg } from './render/pictures/sheet.ts';

export interface SheetResult {
  png: string;
  /** Written only when no font could draw the names onto the sheet. */
  html: string | null;
  pictures: { id: string; bytes: number }[];
  renderMs: number;
}

export function writeContactSheet(folder?: string): SheetResult {
  const dir = folder ? resolve(folder) : mkdtempSync(join(tmpdir(), 'lumbar-sheet-'));
  mkdirSync(dir, { recursive: true });
  const { knowledge } = loadKnowledgeBase();
  const started = performance.now();
  const pictures = renderStretchPictures(knowledge);
  const renderMs = performance.now() - started;
  const items = knowledge.stretches.flatMap((s) => {
    const picture = pictures.get(s.id);
    return picture ? [{ name: s.name, png: picture.png }] : [];
  });
  const captions = fontRenders();
  const png = join(dir, 'lumbar-stretch-sheet.png');
  writeFileSync(png, renderSheet(sheetSvg(items, captions)));
  let html: string | null = null;
  if (!captions) {
    html = join(dir, 'lumbar-stretch-sheet.html');
    writeFileSync(html, sheetHtml(items));
  }
  return { png, html, pictures: [...pictures].map(([id, p]) => ({ id, bytes: p.png.length })), renderMs };
}

function main(): void {
  const result = writeContactSheet(process.argv[2]);
  const lines = result.pictures.map((p) => `  ${p.id.padEnd(28)} ${(p.bytes / 1024).toFixed(1).padStart(6)} KB`);
  lines.push(`  ${result.pictures.length} pictures rendered in ${result.renderMs.toFixed(0)} ms`);
  if (result.html) lines.push(`No font was found to print the names on the sheet; they are in ${result.html}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${result.png}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
