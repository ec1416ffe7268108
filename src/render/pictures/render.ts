// The stretch pictures as PNG attachments: every pose drawn and rasterised once, at start-up, and
// kept in memory; a request only ever reads the map. resvg (prebuilt, no system libraries) turns
// the generator's SVG into PNG; the pictures hold no text, so no fonts are loaded.
import type * as Resvg from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import { DATA_DIR } from '../../base/paths.ts';
import type { Knowledge } from '../../content/load.ts';
import type { Picture } from '../../content/pictures.ts';
import { loadPoses, type Pose } from '../../content/poses.ts';
import type { Stretch } from '../../content/schema.ts';
import { poseSvg } from './generator.ts';
import { SIZE } from './style.ts';

/** A stretch's picture: src/content/pictures.ts says what a picture is. */
export type StretchPicture = Picture;

export const PICTURE_SIZE = { width: SIZE.width, height: SIZE.height } as const;
export const ALT_MAX = 1024;

// Loaded on the first drawing, not at start-up: with the disk cache (png-cache.ts) the bot usually draws nothing,
// and the native module costs about 5 MB of memory.
let resvg: typeof Resvg | undefined;

export function rasterise(svg: string): Buffer {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof Resvg;
  return new resvg.Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}

/** "Knee rolls. A person lying on their back …", cut at a word if a pose's text ever runs long. */
export function pictureAlt(stretch: Pick<Stretch, 'name'>, pose: Pick<Pose, 'alt'>): string {
  return fitAlt(`${stretch.name}. ${pose.alt}`);
}

/** Alt text within Discord's limit, cut at a word. */
export function fitAlt(text: string): string {
  if (text.length <= ALT_MAX) return text;
  return `${text.slice(0, ALT_MAX - 1).replace(/\s+\S*$/, '')}…`;
}

/** Draws and rasterises every stretch's picture; call once and keep the map. */
export function renderStretchPictures(
  knowledge: Pick<Knowledge, 'stretches'>,
  poses: readonly Pose[] = loadPoses(DATA_DIR, knowledge),
  raster: (svg: string) => Buffer = rasterise,
): Map<string, StretchPicture> {
  const byStretch = new Map(poses.map((p) => [p.stretch, p]));
  const pictures = new Map<string, StretchPicture>();
  for (const stretch of knowledge.stretches) {
    const pose = byStretch.get(stretch.id);
    if (!pose) continue;
    pictures.set(stretch.id, { fileName: `${stretch.id}.png`, png: raster(poseSvg(pose)), alt: pictureAlt(stretch, pose) });
  }
  return pictures;
}

const rendered = new WeakMap<object, Map<string, StretchPicture>>();

/** The pictures for this knowledge base, rendered on the first call and the same map after. */
export function stretchPictures(knowledge: Pick<Knowledge, 'stretches'>): Map<string, StretchPicture> {
  let pictures = rendered.get(knowledge);
  if (!pictures) {
    pictures = renderStretchPictures(knowledge);
    rendered.set(knowledge, pictures);
  }
  return pictures;
}
