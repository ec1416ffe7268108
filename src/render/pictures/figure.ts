// One pose as SVG: the torso, the head and four limb chains, drawn far to near. Each part is a thick
// round-capped line (or the torso's rounded polygon) with a thin gap in the card's colour cut around
// it, the way pictograms keep an arm readable where it crosses the chest.
import { JOINTS, jointOf, mid, type Frame, type JointName, type LimbName, type PartName } from '../../content/poses.ts';
import { project, place, type Camera, type Fit, type Flat } from './camera.ts';
import { COLOR, GAP, WIDTH } from './style.ts';

export type FlatFrame = Record<JointName, Flat> & { face: { x: number; y: number } };

export function flatten(frame: Frame, cam: Camera): FlatFrame {
  const flat = {} as Record<JointName, Flat>;
  for (const j of [...JOINTS, 'waist'] as const) flat[j] = project(jointOf(frame, j), cam);
  const origin = project([0, 0, 0], cam);
  const face = project(frame.face, cam);
  const len = Math.hypot(face.x - origin.x, face.y - origin.y) || 1;
  // Only the on-screen direction matters: a face turned straight at the camera shows no nose.
  const shown = Math.min(1, len / Math.hypot(...frame.face));
  return { ...flat, face: { x: ((face.x - origin.x) / len) * shown, y: ((face.y - origin.y) / len) * shown } };
}

export interface Paint {
  /** Colour of each limb; the torso and head use `torso`. */
  limb: Record<LimbName, string>;
  head: string;
}

/** Colours for a pose: the far side darker, the working limbs in the accent colour. */
export function paintFor(f: FlatFrame, accent: readonly LimbName[]): Paint {
  const left = (f.leftShoulder.depth + f.leftHip.depth) / 2;
  const right = (f.rightShoulder.depth + f.rightHip.depth) / 2;
  // Seen from the front or the back neither side is behind.
  const farSide = Math.abs(left - right) < 6 ? null : left < right ? 'left' : 'right';
  const colour = (limb: LimbName): string => {
    const far = farSide !== null && limb.startsWith(farSide);
    if (accent.includes(limb)) return far ? COLOR.accentFar : COLOR.accentNear;
    return far ? COLOR.far : COLOR.near;
  };
  return {
    limb: { leftArm: colour('leftArm'), rightArm: colour('rightArm'), leftLeg: colour('leftLeg'), rightLeg: colour('rightLeg'), torso: colour('torso') },
    head: COLOR.near,
  };
}

export function ghostPaint(): Paint {
  const g = COLOR.ghost;
  return { limb: { leftArm: g, rightArm: g, leftLeg: g, rightLeg: g, torso: g }, head: g };
}

interface Part {
  depth: number;
  svg: (fit: Fit) => string;
}

const n = (v: number) => v.toFixed(1);

/** A chain of joints as round-capped segments: the gap underneath first, then the colour. */
function chain(f: FlatFrame, joints: readonly JointName[], widths: readonly number[], colour: string): Part {
  const depth = joints.reduce((sum, j) => sum + f[j].depth, 0) / joints.length;
  return {
    depth,
    svg: (fit) => {
      const pts = joints.map((j) => place(f[j], fit));
      const segs = (extra: number, stroke: string) =>
        pts
          .slice(1)
          .map((b, i) => {
            const a = pts[i] ?? b;
            const w = (widths[i] ?? 8) * fit.scale + extra;
            return `<line x1="${n(a.x)}" y1="${n(a.y)}" x2="${n(b.x)}" y2="${n(b.y)}" stroke="${stroke}" stroke-width="${n(w)}"/>`;
          })
          .join('');
      return `<g stroke-linecap="round">${segs(2 * GAP, COLOR.card)}${segs(0, colour)}</g>`;
    },
  };
}

/**
 * The torso: chest (shoulders to waist) and belly (waist to hips) as two rounded quadrilaterals.
 * Two, not one outline, so that side-on an arched or rounded back shows its curve on both edges.
 */
function torso(f: FlatFrame, colour: string): Part {
  const shoulders = mid3(f.leftShoulder, f.rightShoulder);
  const hips = mid3(f.leftHip, f.rightHip);
  // Joints sit at the outside of the body; the outline is drawn a little inside them.
  const toward = (p: Flat, c: Flat, k: number): Flat => ({ x: c.x + (p.x - c.x) * k, y: c.y + (p.y - c.y) * k, depth: p.depth });
  const side = (s: 'left' | 'right'): Flat => {
    const half = { x: (f[`${s}Shoulder`].x - shoulders.x + f[`${s}Hip`].x - hips.x) / 2, y: (f[`${s}Shoulder`].y - shoulders.y + f[`${s}Hip`].y - hips.y) / 2 };
    return { x: f.waist.x + half.x * 0.6, y: f.waist.y + half.y * 0.6, depth: f.waist.depth };
  };
  const chest = [
    toward(f.leftShoulder, shoulders, 0.62),
    // The base of the neck, so seen from above the shoulders meet the head without a long stalk.
    toward(f.neck, shoulders, 0.6),
    toward(f.rightShoulder, shoulders, 0.62),
    side('right'),
    side('left'),
  ];
  const belly = [side('left'), side('right'), toward(f.rightHip, hips, 0.75), toward(f.leftHip, hips, 0.75)];
  const depth = (f.leftShoulder.depth + f.rightShoulder.depth + f.leftHip.depth + f.rightHip.depth) / 4;
  return {
    depth,
    svg: (fit) => {
      const shapes = [chest, belly].map((outline) => outline.map((p) => place(p, fit)).map((p) => `${n(p.x)},${n(p.y)}`).join(' '));
      const body = (extra: number, c: string) =>
        shapes.map((pts) => `<polygon points="${pts}" fill="${c}" stroke="${c}" stroke-width="${n(WIDTH.torso * fit.scale + extra)}"/>`).join('');
      return `<g stroke-linecap="round" stroke-linejoin="round">${body(2 * GAP, COLOR.card)}${body(0, colour)}</g>`;
    },
  };
}

/** The neck and head, with a small nose showing which way the face points. */
function head(f: FlatFrame, colour: string): Part {
  return {
    depth: (f.head.depth + f.neck.depth) / 2 + 1,
    svg: (fit) => {
      const c = place(f.head, fit);
      const base = place(f.neck, fit);
      const neck = (w: number, stroke: string) =>
        `<line x1="${n(base.x)}" y1="${n(base.y)}" x2="${n(c.x)}" y2="${n(c.y)}" stroke="${stroke}" stroke-width="${n(w)}" stroke-linecap="round"/>`;
      const r = WIDTH.headRadius * fit.scale;
      const nose = { x: c.x + f.face.x * r * 0.95, y: c.y + f.face.y * r * 0.95 };
      const nr = WIDTH.nose * fit.scale;
      const circles = (extra: number, fill: string) =>
        `<circle cx="${n(c.x)}" cy="${n(c.y)}" r="${n(r + extra)}" fill="${fill}"/><circle cx="${n(nose.x)}" cy="${n(nose.y)}" r="${n(nr + extra)}" fill="${fill}"/>`;
      // No gap around the neck: it merges into the shoulders; the head's own gap sets it apart.
      return neck(WIDTH.neck * fit.scale, colour) + circles(GAP, COLOR.card) + circles(0, colour);
    },
  };
}

function mid3(a: Flat, b: Flat): Flat {
  const [x, y, depth] = mid([a.x, a.y, a.depth], [b.x, b.y, b.depth]);
  return { x, y, depth };
}

/** The whole figure, far parts first, or in the order the pose gives. */
export function figureSvg(f: FlatFrame, paint: Paint, fit: Fit, layers?: readonly PartName[]): string {
  const arm = (s: 'left' | 'right') => chain(f, [`${s}Shoulder`, `${s}Elbow`, `${s}Hand`], [WIDTH.upperArm, WIDTH.forearm], paint.limb[`${s}Arm`]);
  const leg = (s: 'left' | 'right') =>
    chain(f, [`${s}Hip`, `${s}Knee`, `${s}Ankle`, `${s}Toe`], [WIDTH.thigh, WIDTH.shin, WIDTH.foot], paint.limb[`${s}Leg`]);
  const parts: Record<PartName, Part> = {
    torso: torso(f, paint.limb.torso),
    head: head(f, paint.head),
    leftArm: arm('left'),
    rightArm: arm('right'),
    leftLeg: leg('left'),
    rightLeg: leg('right'),
  };
  const ordered = layers ? layers.map((name) => parts[name]) : Object.values(parts).sort((a, b) => a.depth - b.depth);
  return ordered
    .map((p) => p.svg(fit))
    .join('');
}
