// The contact sheet: every picture at half size on Discord's dark background, its name underneath,
// so a reviewer sees all of them side by side. Unlike the pictures, the sheet has text, and so needs
// a font; fontRenders() says whether this machine has one resvg can use.
import { Resvg } from '@resvg/resvg-js';
import { PICTURE_SIZE } from './render.ts';

export interface SheetItem {
  name: string;
  png: Buffer;
}

const COLUMNS = 3;
const SCALE = 0.5;
const GAP = 24;
const CAPTION = 40;
const BACKGROUND = '#313338';
const TEXT = '#dbdee1';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The sheet as SVG; without captions when no font is available (the names then go elsewhere). */
export function sheetSvg(items: readonly SheetItem[], captions: boolean): string {
  const w = PICTURE_SIZE.width * SCALE;
  const h = PICTURE_SIZE.height * SCALE;
  const cellH = h + (captions ? CAPTION : 0);
  const rows = Math.ceil(items.length / COLUMNS);
  const width = GAP + COLUMNS * (w + GAP);
  const height = GAP + rows * (cellH + GAP);
  const cells = items.map((item, i) => {
    const x = GAP + (i % COLUMNS) * (w + GAP);
    const y = GAP + Math.floor(i / COLUMNS) * (cellH + GAP);
    const image = `<image x="${x}" y="${y}" width="${w}" height="${h}" href="data:image/png;base64,${item.png.toString('base64')}"/>`;
    const caption = captions
      ? `<text x="${x + w / 2}" y="${y + h + 28}" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="${TEXT}">${escape(item.name)}</text>`
      : '';
    return image + caption;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${BACKGROUND}"/>${cells.join('')}</svg>`;
}

export function renderSheet(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng();
}

/** Draws a word with the system's fonts and looks for ink: resvg silently skips text it has no font for. */
export function fontRenders(): boolean {
  const probe = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><text x="4" y="22" font-size="20" fill="#000">Ag</text></svg>';
  const pixels = new Resvg(probe, { font: { loadSystemFonts: true } }).render().pixels;
  for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) return true;
  return false;
}

/** The names beside the pictures, for a machine without fonts. */
export function sheetHtml(items: readonly SheetItem[]): string {
  const figures = items.map(
    (item) =>
      `<figure><img src="data:image/png;base64,${item.png.toString('base64')}" width="${PICTURE_SIZE.width * SCALE}" alt=""><figcaption>${escape(item.name)}</figcaption></figure>`,
  );
  return `<!doctype html><meta charset="utf-8"><title>Lumbar stretch pictures</title><body style="background:${BACKGROUND};color:${TEXT};font-family:sans-serif;display:flex;flex-wrap:wrap;gap:${GAP}px">${figures.join('')}</body>`;
}
