// `npm run stretches:sheet`: one contact sheet PNG of every stretch picture, named, in a folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { fontRenders, sheetHtml, sheetSvg } from '../../src/render/pictures/sheet.ts';
import { writeContactSheet } from '../../src/stretch-sheet.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const PNG_SIGNATURE = '89504e470d0a1a0a';

function pngSize(file: string): [number, number] {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the contact sheet', () => {
  it('writes one PNG holding every picture, with the names as text or beside it in HTML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumbar-sheet-test-'));
    const result = writeContactSheet(dir);
    const { knowledge } = loadKnowledgeBase();
    expect(result.png).toBe(join(dir, 'lumbar-stretch-sheet.png'));
    const [width, height] = pngSize(result.png);
    // Three columns of half-size pictures, a row per three stretches.
    expect(width).toBeGreaterThan(3 * 400);
    expect(height).toBeGreaterThan(Math.ceil(knowledge.stretches.length / 3) * 225);
    expect(result.pictures.map((p) => p.id).sort()).toEqual(knowledge.stretches.map((s) => s.id).sort());
    if (fontRenders()) expect(result.html).toBeNull();
    else expect(existsSync(result.html ?? '')).toBe(true);
  });

  it('names every picture, escaped, and leaves the text out when there is no font', () => {
    const png = Buffer.from('not really a png');
    const items = [
      { name: 'Hips & <knees>', png },
      { name: 'Knee rolls', png },
    ];
    const svg = sheetSvg(items, true);
    expect(svg.match(/<text/g)).toHaveLength(2);
    expect(svg).toContain('Hips &amp; &lt;knees&gt;');
    expect(sheetSvg(items, false)).not.toMatch(/<text/);
    expect(sheetHtml(items)).toContain('<figcaption>Knee rolls</figcaption>');
  });

  it('runs as `npm run stretches:sheet -- <folder>` and prints the path it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumbar-sheet-cli-'));
    const r = spawnSync(TSX, [join(ROOT, 'src/stretch-sheet.ts'), dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const printed = r.stdout.trim();
    expect(printed).toBe(join(dir, 'lumbar-stretch-sheet.png'));
    expect(pngSize(printed)[0]).toBeGreaterThan(1200);
    expect(r.stderr).toMatch(/13 pictures rendered in \d+ ms/);
  });
});
