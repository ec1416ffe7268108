// Every picture a message can attach, drawn once at start-up: one per stretch, and per activity a strip of its
// stretches' pictures (two to a row at half size, on a see-through background) for the stretches section of its
// /backpain card, since an embed shows one image. The strip is composed from the finished PNGs, so it matches them.
import { Resvg } from '@resvg/resvg-js';
import type { Knowledge } from '../../content/load.ts';
import type { Picture, Pictures } from '../../content/pictures.ts';
import { PICTURE_SIZE, fitAlt, stretchPictures } from './render.ts';

export const STRIP = { columns: 2, scale: 0.5, gap: 12 } as const;

/** The size of a strip of `count` pictures. */
export function stripSize(count: number): { width: number; height: number } {
  const w = PICTURE_SIZE.width * STRIP.scale;
  const h = PICTURE_SIZE.height * STRIP.scale;
  const columns = Math.min(STRIP.columns, count);
  const rows = Math.ceil(count / STRIP.columns);
  return { width: columns * w + (columns - 1) * STRIP.gap, height: rows * h + (rows - 1) * STRIP.gap };
}

export function stripSvg(pngs: readonly Buffer[]): string {
  const { width, height } = stripSize(pngs.length);
  const w = PICTURE_SIZE.width * STRIP.scale;
  const h = PICTURE_SIZE.height * STRIP.scale;
  const cells = pngs.map((png, i) => {
    const row = Math.floor(i / STRIP.columns);
    // A last row with one picture has it in the middle.
    const inRow = Math.min(STRIP.columns, pngs.length - row * STRIP.columns);
    const x = (width - (inRow * w + (inRow - 1) * STRIP.gap)) / 2 + (i % STRIP.columns) * (w + STRIP.gap);
    const y = row * (h + STRIP.gap);
    return `<image x="${x}" y="${y}" width="${w}" height="${h}" href="data:image/png;base64,${png.toString('base64')}"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${cells.join('')}</svg>`;
}

/** "4 stretch pictures, two to a row, in the order listed: 1. Knee rolls. Drawing of … 2. …", within 1024 characters. */
export function stripAlt(pictures: readonly Picture[]): string {
  // Each picture's name and first sentence: enough to tell them apart, and four of them fit.
  const items = pictures.map((p, i) => `${i + 1}. ${p.alt.split('. ').slice(0, 2).join('. ').replace(/\.?$/, '.')}`);
  return fitAlt(`${pictures.length} stretch pictures, two to a row, in the order listed: ${items.join(' ')}`);
}

/** One picture for one stretch; several side by side; none for none. */
export function renderStrip(fileName: string, pictures: readonly Picture[]): Picture | undefined {
  if (pictures.length <= 1) return pictures[0];
  const png = new Resvg(stripSvg(pictures.map((p) => p.png)), { font: { loadSystemFonts: false } }).render().asPng();
  return { fileName, png, alt: stripAlt(pictures) };
}

export function renderPictures(knowledge: Pick<Knowledge, 'stretches' | 'activities'>): Pictures {
  const stretches = stretchPictures(knowledge);
  const strips = new Map<string, Picture>();
  for (const a of knowledge.activities) {
    const strip = renderStrip(`${a.id}-stretches.png`, a.stretches.flatMap((id) => stretches.get(id) ?? []));
    if (strip) strips.set(a.id, strip);
  }
  return { stretches, strips };
}

const rendered = new WeakMap<object, Pictures>();

/** Every picture for this knowledge base, drawn on the first call (at start-up) and the same object after. */
export function allPictures(knowledge: Pick<Knowledge, 'stretches' | 'activities'>): Pictures {
  let pictures = rendered.get(knowledge);
  if (!pictures) {
    pictures = renderPictures(knowledge);
    rendered.set(knowledge, pictures);
  }
  return pictures;
}
