// What surrounds the figure: the props it rests on (mat, bench, cushion) as boxes seen by the same
// camera, the soft glow where the stretch is felt, and the arrow from a drill's start to its end.
import { jointOf, type Frame, type Highlight, type Point3, type Prop } from '../../content/poses.ts';
import { project, place, type Camera, type Fit, type Flat } from './camera.ts';
import { COLOR } from './style.ts';

const n = (v: number) => v.toFixed(1);

function corners(p: Prop): Point3[] {
  const [x0, y0, z0] = p.from;
  const [x1, y1, z1] = p.to;
  return [
    [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
    [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
  ];
}

/** Each face: its corners and the axis and sign of its outward normal. */
const FACES: readonly { idx: readonly number[]; axis: 0 | 1 | 2; sign: 1 | -1 }[] = [
  { idx: [3, 2, 6, 7], axis: 1, sign: 1 },
  { idx: [0, 1, 5, 4], axis: 1, sign: -1 },
  { idx: [4, 5, 6, 7], axis: 2, sign: 1 },
  { idx: [0, 1, 2, 3], axis: 2, sign: -1 },
  { idx: [1, 2, 6, 5], axis: 0, sign: 1 },
  { idx: [0, 3, 7, 4], axis: 0, sign: -1 },
];

/** The direction towards the camera, in the floor's coordinates. */
function towardCamera(cam: Camera): Point3 {
  const yaw = (cam.yaw * Math.PI) / 180;
  const pitch = (cam.pitch * Math.PI) / 180;
  return [-Math.sin(yaw) * Math.cos(pitch), Math.sin(pitch), Math.cos(yaw) * Math.cos(pitch)];
}

export function propPoints(p: Prop, cam: Camera): Flat[] {
  return corners(p).map((c) => project(c, cam));
}

/** A box's faces that look towards the camera: the top in the light shade, the sides darker. */
export function propSvg(p: Prop, cam: Camera, fit: Fit): string {
  const flat = propPoints(p, cam).map((f) => place(f, fit));
  const view = towardCamera(cam);
  const [top, side] = COLOR[p.kind];
  const soft = p.kind === 'cushion' ? 4 : p.kind === 'mat' ? 1.5 : 1;
  return FACES.filter((f) => f.sign * view[f.axis] > 0.02)
    .map((f) => {
      const pts = f.idx.map((i) => flat[i] ?? { x: 0, y: 0 }).map((q) => `${n(q.x)},${n(q.y)}`).join(' ');
      const c = f.axis === 1 ? top : side;
      return `<polygon points="${pts}" fill="${c}" stroke="${c}" stroke-width="${n(soft * fit.scale)}" stroke-linejoin="round"/>`;
    })
    .join('');
}

export function highlightCentre(h: Highlight, frame: Frame, cam: Camera): Flat {
  const base = typeof h.at === 'string' ? jointOf(frame, h.at) : h.at;
  const o = h.offset ?? [0, 0, 0];
  return project([base[0] + o[0], base[1] + o[1], base[2] + o[2]], cam);
}

export const GLOW_DEFS =
  `<radialGradient id="glow"><stop offset="0" stop-color="${COLOR.glow}" stop-opacity="0.8"/>` +
  `<stop offset="0.5" stop-color="${COLOR.glow}" stop-opacity="0.5"/><stop offset="1" stop-color="${COLOR.glow}" stop-opacity="0"/></radialGradient>`;

export function highlightSvg(h: Highlight, frame: Frame, cam: Camera, fit: Fit): string {
  const c = place(highlightCentre(h, frame, cam), fit);
  const [rx, ry] = h.radius.map((r) => r * fit.scale) as [number, number];
  return `<ellipse cx="${n(c.x)}" cy="${n(c.y)}" rx="${n(rx)}" ry="${n(ry)}" fill="url(#glow)" transform="rotate(${h.angle ?? 0} ${n(c.x)} ${n(c.y)})"/>`;
}

type XY = { x: number; y: number };

/** A small movement still gets an arrow long enough to see, centred on it. */
function atLeast(a: XY, b: XY, min: number): [XY, XY] {
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  if (len >= min || len === 0) return [a, b];
  const k = min / len;
  const c = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  return [
    { x: c.x + (a.x - c.x) * k, y: c.y + (a.y - c.y) * k },
    { x: c.x + (b.x - c.x) * k, y: c.y + (b.y - c.y) * k },
  ];
}

/** A curved arrow from where a joint starts to where it ends, with a head at one or both ends. */
export function arrowSvg(from: Flat, to: Flat, both: boolean, bend: number, fit: Fit): string {
  const [a, b] = atLeast(place(from, fit), place(to, fit), 84);
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  if (len < 1) return '';
  const ctrl = { x: (a.x + b.x) / 2 - ((b.y - a.y) / len) * bend * len, y: (a.y + b.y) / 2 + ((b.x - a.x) / len) * bend * len };
  const inset = (p: { x: number; y: number }, q: { x: number; y: number }, d: number) => {
    const l = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return { x: p.x + ((q.x - p.x) / l) * d, y: p.y + ((q.y - p.y) / l) * d };
  };
  const gap = Math.min(16, len / 8);
  const s = inset(a, ctrl, gap);
  const e = inset(b, ctrl, gap);
  const head = (tip: { x: number; y: number }, from: { x: number; y: number }) => {
    const l = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
    const ux = (tip.x - from.x) / l;
    const uy = (tip.y - from.y) / l;
    const size = 13;
    const p1 = { x: tip.x - ux * size - uy * size * 0.6, y: tip.y - uy * size + ux * size * 0.6 };
    const p2 = { x: tip.x - ux * size + uy * size * 0.6, y: tip.y - uy * size - ux * size * 0.6 };
    return `<polygon points="${n(tip.x)},${n(tip.y)} ${n(p1.x)},${n(p1.y)} ${n(p2.x)},${n(p2.y)}" fill="${COLOR.arrow}" stroke="${COLOR.arrow}" stroke-width="2" stroke-linejoin="round"/>`;
  };
  const path = `<path d="M${n(s.x)} ${n(s.y)} Q${n(ctrl.x)} ${n(ctrl.y)} ${n(e.x)} ${n(e.y)}" fill="none" stroke="${COLOR.arrow}" stroke-width="4" stroke-linecap="round"/>`;
  return path + head(e, ctrl) + (both ? head(s, ctrl) : '');
}
