// Every picture a message can attach, made once at start-up (from the disk cache when it has them): one per stretch, and per activity a strip of its
// stretches' pictures (two to a row at half size, on a see-through background) for the stretches section of its
// /backpain card, since an embed shows one image. A strip nests the very drawings (SVG) the pictures are made
// from, so it matches them, and rasterising vectors once costs half of decoding and scaling the PNGs.
import { DATA_DIR } from '../../base/paths.ts';
import type { Knowledge } from '../../content/load.ts';
import type { Picture, Pictures } from '../../content/pictures.ts';
import { loadPoses } from '../../content/poses.ts';
import { poseSvg } from './generator.ts';
import { cachedRasteriser, type Rasterise } from './png-cache.ts';
import { PICTURE_SIZE, fitAlt, rasterise, renderStretchPictures } from './render.ts';

export const STRIP = { columns: 2, scale: 0.5, gap: 12 } as const;

/** The size of a strip of `count` pictures. */
export function stripSize(count: number): { width: number; height: number } {
  const w = PICTURE_SIZE.width * STRIP.scale;
  const h = PICTURE_SIZE.height * STRIP.scale;
  const columns = Math.min(STRIP.columns, count);
  const rows = Math.ceil(count / STRIP.columns);
  return { width: columns * w + (columns - 1) * STRIP.gap, height: rows * h + (rows - 1) * STRIP.gap };
}

/** One picture's SVG placed as a cell of a strip: its own ids (clip path, glow) prefixed so cells cannot share them. */
function cell(svg: string, i: number, x: number, y: number, w: number, h: number): string {
  const inner = svg
    .replace(/^<svg [^>]*>/, `<svg x="${x}" y="${y}" width="${w}" height="${h}" viewBox="0 0 ${PICTURE_SIZE.width} ${PICTURE_SIZE.height}">`)
    .replace(/\bid="/g, `id="c${i}-`)
    .replace(/url\(#/g, `url(#c${i}-`);
  if (!inner.startsWith('<svg x=')) throw new Error('a picture SVG must start with its <svg> element');
  return inner;
}

/** The strip of these pictures' SVGs, in order, two to a row; an odd last one centred. */
export function stripSvg(svgs: readonly string[]): string {
  const { width, height } = stripSize(svgs.length);
  const w = PICTURE_SIZE.width * STRIP.scale;
  const h = PICTURE_SIZE.height * STRIP.scale;
  const cells = svgs.map((svg, i) => {
    const row = Math.floor(i / STRIP.columns);
    const inRow = Math.min(STRIP.columns, svgs.length - row * STRIP.columns);
    const x = (width - (inRow * w + (inRow - 1) * STRIP.gap)) / 2 + (i % STRIP.columns) * (w + STRIP.gap);
    return cell(svg, i, x, row * (h + STRIP.gap), w, h);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${cells.join('')}</svg>`;
}

/** "4 stretch pictures, two to a row, in the order listed: 1. Knee rolls. Drawing of … 2. …", within 1024 characters. */
export function stripAlt(pictures: readonly Picture[]): string {
  // Each picture's name and first sentence: enough to tell them apart, and four of them fit.
  const items = pictures.map((p, i) => `${i + 1}. ${p.alt.split('. ').slice(0, 2).join('. ').replace(/\.?$/, '.')}`);
  return fitAlt(`${pictures.length} stretch pictures, two to a row, in the order listed: ${items.join(' ')}`);
}

/** One picture for one stretch; several side by side (from their SVGs, in the same order); none for none. */
export function renderStrip(fileName: string, items: readonly { picture: Picture; svg: string }[], raster: Rasterise = rasterise): Picture | undefined {
  if (items.length <= 1) return items[0]?.picture;
  return { fileName, png: raster(stripSvg(items.map((it) => it.svg))), alt: stripAlt(items.map((it) => it.picture)) };
}

/** Every picture drawn with `raster` (resvg itself by default; allPictures reads them from the disk cache). */
export function renderPictures(knowledge: Pick<Knowledge, 'stretches' | 'activities'>, raster: Rasterise = rasterise): Pictures {
  const poses = loadPoses(DATA_DIR, knowledge);
  const stretches = renderStretchPictures(knowledge, poses, raster);
  const svgs = new Map(poses.map((p) => [p.stretch, poseSvg(p)]));
  const strips = new Map<string, Picture>();
  for (const a of knowledge.activities) {
    const items = a.stretches.flatMap((id) => {
      const picture = stretches.get(id);
      const svg = svgs.get(id);
      return picture && svg ? [{ picture, svg }] : [];
    });
    const strip = renderStrip(`${a.id}-stretches.png`, items, raster);
    if (strip) strips.set(a.id, strip);
  }
  return { stretches, strips };
}

const rendered = new WeakMap<object, Pictures>();

/**
 * Every picture for this knowledge base, made on the first call (at start-up) and the same object after: read from
 * the disk cache (src/render/pictures/png-cache.ts), drawn only when the cache lacks them.
 */
export function allPictures(knowledge: Pick<Knowledge, 'stretches' | 'activities'>, cacheDir?: string): Pictures {
  let pictures = rendered.get(knowledge);
  if (!pictures) {
    pictures = renderPictures(knowledge, cachedRasteriser(rasterise, cacheDir));
    rendered.set(knowledge, pictures);
  }
  return pictures;
}
