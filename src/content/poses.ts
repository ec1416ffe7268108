// The figures behind the stretch pictures (data/poses.json): per stretch, the body's joints in 3D,
// one pose for a hold or a start and an end pose for a drill that moves. Validated like the rest of
// data/, and checked against the stretches, so a typo in a coordinate cannot draw a broken body.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KnowledgeError, type Knowledge } from './load.ts';

/** x along the floor, y up from the floor, z towards the default camera; centimetres. */
const point = z.tuple([z.number(), z.number(), z.number()]);

export const SIDED_JOINTS = ['Shoulder', 'Elbow', 'Hand', 'Hip', 'Knee', 'Ankle', 'Toe'] as const;
export const JOINTS = [
  'head',
  'neck',
  ...SIDED_JOINTS.map((j) => `left${j}` as const),
  ...SIDED_JOINTS.map((j) => `right${j}` as const),
] as const;
export type JointName = (typeof JOINTS)[number] | 'waist';
export const LIMBS = ['leftArm', 'rightArm', 'leftLeg', 'rightLeg', 'torso'] as const;
export type LimbName = (typeof LIMBS)[number];
export const PARTS = [...LIMBS, 'head'] as const;
export type PartName = (typeof PARTS)[number];

const jointName = z.enum([...JOINTS, 'waist']);

export const FrameSchema = z.object({
  ...(Object.fromEntries(JOINTS.map((j) => [j, point])) as Record<(typeof JOINTS)[number], typeof point>),
  /** The middle of the back, for a spine that arches or rounds; straight from neck to hips without it. */
  waist: point.optional(),
  /** Which way the face points, so a turned or tucked head reads. */
  face: point,
});

const PropSchema = z.object({
  kind: z.enum(['mat', 'bench', 'cushion']),
  /** Opposite corners of the box. */
  from: point,
  to: point,
});

const HighlightSchema = z.object({
  /** A joint of the last pose, moved by offset, or a point. */
  at: z.union([jointName, point]),
  offset: point.optional(),
  /** Radii on screen, in centimetres at the figure's scale; angle in degrees. */
  radius: z.tuple([z.number().positive().max(60), z.number().positive().max(60)]),
  angle: z.number().min(-180).max(180).optional(),
});

export const PoseSchema = z.object({
  stretch: z.string(),
  /** What the picture shows, for screen readers (the attachment's description). */
  alt: z.string().trim().min(20).max(900),
  /** The camera turns `yaw` degrees around the vertical and looks down `pitch` degrees. */
  camera: z.object({ yaw: z.number().min(-180).max(180), pitch: z.number().min(0).max(80) }),
  /** The limbs that do the work, drawn in the accent colour. */
  accent: z.array(z.enum(LIMBS)).max(5),
  highlight: z.array(HighlightSchema).min(1).max(3),
  props: z.array(PropSchema).max(4),
  /** One pose for a hold; the start and the end for a drill that moves. */
  frames: z.array(FrameSchema).min(1).max(2),
  /** The parts back to front, where sorting by depth gets a tangle of limbs wrong; each part once. */
  layers: z.array(z.enum(PARTS)).length(PARTS.length).optional(),
  /** For two frames: the joint whose path the arrow follows, and whether the drill goes back and forth. */
  motion: z
    .object({
      joint: jointName,
      both: z.boolean(),
      /** How far the arrow bows out, as a share of its length. */
      bend: z.number().min(-1).max(1).optional(),
      /** Moves the arrow off the body, in centimetres. */
      offset: point.optional(),
    })
    .optional(),
});

export const PosesFile = z.array(PoseSchema).min(1);

export type Point3 = z.infer<typeof point>;
export type Frame = z.infer<typeof FrameSchema>;
export type Pose = z.infer<typeof PoseSchema>;
export type Prop = z.infer<typeof PropSchema>;
export type Highlight = z.infer<typeof HighlightSchema>;

/**
 * The bones, with the length range an adult's would have in centimetres (generous: a figure is
 * drawn, not measured). A typo in a coordinate shows up here first.
 */
export const BONES: readonly (readonly [JointName, JointName, number, number])[] = [
  ['neck', 'head', 18, 28],
  ...(['left', 'right'] as const).flatMap((s) => [
    [`${s}Shoulder`, `${s}Elbow`, 22, 34] as const,
    [`${s}Elbow`, `${s}Hand`, 22, 36] as const,
    [`${s}Hip`, `${s}Knee`, 36, 50] as const,
    [`${s}Knee`, `${s}Ankle`, 36, 50] as const,
    [`${s}Ankle`, `${s}Toe`, 12, 22] as const,
  ]),
];

export function distance(a: Point3, b: Point3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Reads and validates data/poses.json: one picture per stretch, no unknown ids, steady bones. */
export function loadPoses(dataDir: string, knowledge: Pick<Knowledge, 'stretches'>): Pose[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dataDir, 'poses.json'), 'utf8'));
  } catch (err) {
    throw new KnowledgeError([`poses.json: cannot be read as JSON (${(err as Error).message})`]);
  }
  const result = PosesFile.safeParse(raw);
  if (!result.success) {
    throw new KnowledgeError(result.error.issues.map((i) => `poses.json at ${i.path.join('.') || '(top)'}: ${i.message}`));
  }
  const problems = posesProblems(result.data, knowledge);
  if (problems.length > 0) throw new KnowledgeError(problems);
  return result.data;
}

export function posesProblems(poses: readonly Pose[], knowledge: Pick<Knowledge, 'stretches'>): string[] {
  const problems: string[] = [];
  const ids = new Set(knowledge.stretches.map((s) => s.id));
  const seen = new Set<string>();
  for (const p of poses) {
    if (!ids.has(p.stretch)) problems.push(`poses.json names unknown stretch "${p.stretch}"`);
    if (seen.has(p.stretch)) problems.push(`poses.json draws stretch "${p.stretch}" twice`);
    seen.add(p.stretch);
    if (p.motion && p.frames.length < 2) problems.push(`poses.json: ${p.stretch} has a motion but only one pose`);
    if (p.layers && new Set(p.layers).size !== p.layers.length) problems.push(`poses.json: ${p.stretch} lists a layer twice`);
    problems.push(...boneProblems(p));
  }
  for (const id of ids) if (!seen.has(id)) problems.push(`poses.json has no picture for stretch "${id}"`);
  return problems;
}

/** Every bone is an adult's length, and a drill's start and end are the same body (within 12%). */
function boneProblems(p: Pose): string[] {
  const [first, ...rest] = p.frames;
  if (!first) return [];
  const problems: string[] = [];
  for (const [i, frame] of p.frames.entries()) {
    for (const [a, b, min, max] of BONES) {
      const length = distance(jointOf(frame, a), jointOf(frame, b));
      if (length < min || length > max) problems.push(`poses.json: ${p.stretch} pose ${i + 1} has ${a}–${b} ${length.toFixed(0)} cm long (${min}–${max})`);
    }
  }
  for (const frame of rest) {
    for (const [a, b] of BONES) {
      const before = distance(jointOf(first, a), jointOf(first, b));
      const after = distance(jointOf(frame, a), jointOf(frame, b));
      if (Math.abs(after - before) > 0.12 * before) {
        problems.push(`poses.json: ${p.stretch} ${a}–${b} is ${before.toFixed(0)} cm at the start and ${after.toFixed(0)} cm at the end`);
      }
    }
  }
  return problems;
}

/** A joint of a frame; the waist defaults to halfway between the neck and the middle of the hips. */
export function jointOf(f: Frame, name: JointName): Point3 {
  if (name !== 'waist') return f[name];
  if (f.waist) return f.waist;
  const hips = mid(f.leftHip, f.rightHip);
  return mid(f.neck, hips);
}

export function mid(a: Point3, b: Point3): Point3 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
}
