// The one camera every picture uses: orthographic, turned and tilted per pose. Orthographic keeps
// a limb's thickness the same wherever it is, so a limb is exactly a thick round-capped line.
import type { Point3 } from '../../content/poses.ts';

export interface Camera {
  /** Degrees around the vertical axis. */
  yaw: number;
  /** Degrees looking down. */
  pitch: number;
}

/** A point on the picture's plane (x right, y down, centimetres) and its depth (larger is nearer). */
export interface Flat {
  x: number;
  y: number;
  depth: number;
}

export function project(p: Point3, cam: Camera): Flat {
  const yaw = (cam.yaw * Math.PI) / 180;
  const pitch = (cam.pitch * Math.PI) / 180;
  const [x, y, z] = p;
  const x1 = x * Math.cos(yaw) + z * Math.sin(yaw);
  const z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
  const y2 = y * Math.cos(pitch) - z1 * Math.sin(pitch);
  const depth = y * Math.sin(pitch) + z1 * Math.cos(pitch);
  return { x: x1, y: -y2, depth };
}

/** Maps picture-plane centimetres to pixels: uniform scale, then a shift. */
export interface Fit {
  scale: number;
  dx: number;
  dy: number;
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bounds(points: readonly { x: number; y: number }[], pad = 0): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of points) {
    box.minX = Math.min(box.minX, p.x - pad);
    box.minY = Math.min(box.minY, p.y - pad);
    box.maxX = Math.max(box.maxX, p.x + pad);
    box.maxY = Math.max(box.maxY, p.y + pad);
  }
  return box;
}

/** The largest scale (up to maxScale) that fits the box into the area, centred. */
export function fitInto(box: Box, area: Box, maxScale: number): Fit {
  const w = Math.max(box.maxX - box.minX, 1);
  const h = Math.max(box.maxY - box.minY, 1);
  const scale = Math.min((area.maxX - area.minX) / w, (area.maxY - area.minY) / h, maxScale);
  const dx = (area.minX + area.maxX) / 2 - ((box.minX + box.maxX) / 2) * scale;
  const dy = (area.minY + area.maxY) / 2 - ((box.minY + box.maxY) / 2) * scale;
  return { scale, dx, dy };
}

export function place(p: { x: number; y: number }, fit: Fit): { x: number; y: number } {
  return { x: p.x * fit.scale + fit.dx, y: p.y * fit.scale + fit.dy };
}
