// The look shared by every picture. A light card with its own background and a thin border reads on
// Discord's dark theme (#313338) and on its light one (#ffffff) alike; slate limbs with an orange
// accent keep the working side clear for colour-blind readers too (blue against orange survives the
// common colour-vision deficiencies), and the red glow is told apart by its soft shape as well.
export const SIZE = { width: 800, height: 450, radius: 28, padding: 26 } as const;

export const COLOR = {
  card: '#eef1f6',
  cardBorder: '#cfd6e2',
  near: '#55647b',
  far: '#323d50',
  accentNear: '#f08a24',
  accentFar: '#b85f12',
  ghost: '#8e9bb0',
  glow: '#ff2d55',
  arrow: '#3f4b5f',
  mat: ['#c4d3e6', '#a9bcd4'],
  bench: ['#d3dbe8', '#b3bfd3'],
  cushion: ['#d7cde9', '#b9abd6'],
} as const;

/** Thickness of each part, in centimetres of the figure (so every picture's person has one build). */
export const WIDTH = {
  upperArm: 9,
  forearm: 8,
  thigh: 14,
  shin: 11,
  foot: 7,
  torso: 22,
  neck: 9,
  headRadius: 11,
  nose: 4,
} as const;

/** The gap, in pixels, cut around each part in the card's colour so overlapping parts stay apart. */
export const GAP = 3;

/** The ghost of a drill's start pose, behind its end pose. */
export const GHOST_OPACITY = 0.45;

/** Pixels per centimetre at most, so a small pose is not blown up past the others. */
export const MAX_SCALE = 3.4;
