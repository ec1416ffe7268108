// Rasterised pictures kept on disk between runs: drawing all 44 (13 stretches, 31 strips) costs about 1.2 s and
// 90 MB of resvg's memory on a 2-core machine, reading them back a few milliseconds. Keyed by the SVG itself, so a
// changed pose, style or generator makes new keys and the old files are simply never read again. A cache that
// cannot be written (a read-only install) only means drawing at every start.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../base/paths.ts';

export const PICTURE_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'lumbar-pictures');

export type Rasterise = (svg: string) => Buffer;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = Buffer.from('IEND', 'ascii');

/** The file's bytes if they are a whole PNG (signature first, IEND chunk last); a torn or foreign file is not. */
function readPng(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const whole = bytes.length > 20 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.subarray(-8, -4).equals(IEND);
  return whole ? bytes : undefined;
}

/** Written beside, then renamed into place: a reader (another process starting) never sees half a file. */
function writeAtomically(file: string, png: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(temp, png);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable: nothing was written.
    }
  }
}

/** `rasterise`, with each result kept in `dir` under the hash of its SVG and read from there next time. */
export function cachedRasteriser(rasterise: Rasterise, dir = PICTURE_CACHE_DIR): Rasterise {
  return (svg) => {
    const file = join(dir, `${createHash('sha256').update(svg).digest('hex').slice(0, 40)}.png`);
    const cached = readPng(file);
    if (cached) return cached;
    const png = rasterise(svg);
    writeAtomically(file, png);
    return png;
  };
}
