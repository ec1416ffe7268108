// Pose data -> SVG, one pure function for every stretch picture.
//
// Why figures from pose data rather than drawn or found artwork: the project owns every coordinate,
// all eleven pictures share one style by construction, and a drill's start and end are two poses of
// the same body. Why 3D joints seen by a camera rather than flat 2D outlines: knee rolls, the seated
// twist, the figure four and the cross-body swing turn about the body's long axis, which a flat side
// view cannot show; a slightly raised, turned camera shows them while the others stay near side-on.
// Why a ghost rather than two panels: one figure at full size, with the start pose faded behind the
// end pose and an arrow between them, reads as one movement and keeps lying figures large.
import { JOINTS, type Pose } from '../../content/poses.ts';
import { bounds, fitInto, project, type Camera, type Flat } from './camera.ts';
import { figureSvg, flatten, ghostPaint, paintFor, type FlatFrame } from './figure.ts';
import { GLOW_DEFS, arrowSvg, highlightCentre, highlightSvg, propPoints, propSvg } from './scene.ts';
import { COLOR, GHOST_OPACITY, MAX_SCALE, SIZE, WIDTH } from './style.ts';

const DEFAULT_BEND = 0.25;

/** Everything that must fit on the card: joints padded by the thickest part, props and glows. */
function extent(pose: Pose, frames: readonly FlatFrame[], cam: Camera) {
  const pts: { x: number; y: number }[] = [];
  const pad = WIDTH.headRadius + 2;
  for (const f of frames) {
    for (const j of JOINTS) {
      const p = f[j];
      pts.push({ x: p.x - pad, y: p.y - pad }, { x: p.x + pad, y: p.y + pad });
    }
  }
  // A mat may run off the card like a floor; what the body rests on higher up must show.
  for (const prop of pose.props) if (prop.kind !== 'mat') pts.push(...propPoints(prop, cam));
  const last = pose.frames[pose.frames.length - 1];
  if (last) {
    for (const h of pose.highlight) {
      const c = highlightCentre(h, last, cam);
      const r = Math.max(...h.radius) * 0.6;
      pts.push({ x: c.x - r, y: c.y - r }, { x: c.x + r, y: c.y + r });
    }
  }
  pts.push(...arrowExtent(pose, frames));
  return bounds(pts);
}

export function poseSvg(pose: Pose): string {
  const cam: Camera = pose.camera;
  const frames = pose.frames.map((f) => flatten(f, cam));
  const end = frames[frames.length - 1];
  const lastFrame = pose.frames[pose.frames.length - 1];
  if (!end || !lastFrame) throw new Error(`pose for ${pose.stretch} has no frames`);
  const { width, height, radius, padding } = SIZE;
  const area = { minX: padding, minY: padding, maxX: width - padding, maxY: height - padding };
  const fit = fitInto(extent(pose, frames, cam), area, MAX_SCALE);
  const ghost = frames.length > 1 && frames[0] ? `<g opacity="${GHOST_OPACITY}">${figureSvg(frames[0], ghostPaint(), fit, pose.layers)}</g>` : '';
  const arrow = motionArrow(pose, frames, fit);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs>${GLOW_DEFS}<clipPath id="card"><rect width="${width}" height="${height}" rx="${radius}"/></clipPath></defs>`,
    `<rect width="${width}" height="${height}" rx="${radius}" fill="${COLOR.card}"/>`,
    `<g clip-path="url(#card)">`,
    ...pose.props.map((p) => propSvg(p, cam, fit)),
    ghost,
    figureSvg(end, paintFor(end, pose.accent), fit, pose.layers),
    ...pose.highlight.map((h) => highlightSvg(h, lastFrame, cam, fit)),
    arrow,
    '</g>',
    `<rect x="1" y="1" width="${width - 2}" height="${height - 2}" rx="${radius - 1}" fill="none" stroke="${COLOR.cardBorder}" stroke-width="2"/>`,
    '</svg>',
  ].join('');
}

/** Where a drill's arrow starts and ends on the picture plane, moved off the body by its offset. */
function arrowEnds(pose: Pose, frames: readonly FlatFrame[]): [Flat, Flat] | null {
  const [start, end] = frames;
  if (!pose.motion || !start || !end) return null;
  const shift = project(pose.motion.offset ?? [0, 0, 0], pose.camera);
  const origin = project([0, 0, 0], pose.camera);
  const moved = (p: Flat): Flat => ({ x: p.x + shift.x - origin.x, y: p.y + shift.y - origin.y, depth: p.depth });
  return [moved(start[pose.motion.joint]), moved(end[pose.motion.joint])];
}

/** The arrow's ends and the point its curve bows towards, so the arrow stays on the card. */
function arrowExtent(pose: Pose, frames: readonly FlatFrame[]): { x: number; y: number }[] {
  const ends = arrowEnds(pose, frames);
  if (!ends || !pose.motion) return [];
  const [a, b] = ends;
  const bend = (pose.motion.bend ?? DEFAULT_BEND) / 2;
  return [a, b, { x: (a.x + b.x) / 2 - (b.y - a.y) * bend, y: (a.y + b.y) / 2 + (b.x - a.x) * bend }];
}

function motionArrow(pose: Pose, frames: readonly FlatFrame[], fit: Parameters<typeof arrowSvg>[4]): string {
  const ends = arrowEnds(pose, frames);
  if (!ends || !pose.motion) return '';
  return arrowSvg(ends[0], ends[1], pose.motion.both, pose.motion.bend ?? DEFAULT_BEND, fit);
}
