// The pictures' disk cache: a second process reads what the first drew, a torn file is drawn again, and a cache
// that cannot be written still gives every picture.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedRasteriser } from '../../src/render/pictures/png-cache.ts';
import { rasterise } from '../../src/render/pictures/render.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="5" y="5" width="20" height="10" fill="#3a7"/></svg>';
const OTHER = SVG.replace('#3a7', '#a37');
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-png-cache-'));
  dirs.push(dir);
  return dir;
}

/** The real rasteriser, counting its calls. */
function counted(): { raster: (svg: string) => Buffer; calls: () => number } {
  let n = 0;
  return { raster: (svg) => (n++, rasterise(svg)), calls: () => n };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the pictures disk cache', () => {
  it('draws a picture once; another process (a new rasteriser on the same folder) reads it back byte for byte', () => {
    const dir = freshDir();
    const first = counted();
    const png = cachedRasteriser(first.raster, dir)(SVG);
    expect(first.calls()).toBe(1);
    expect(png.equals(rasterise(SVG))).toBe(true);
    const second = counted();
    const again = cachedRasteriser(second.raster, dir);
    expect(again(SVG).equals(png)).toBe(true);
    expect(second.calls()).toBe(0);
    // A different drawing is a different key.
    expect(again(OTHER).equals(png)).toBe(false);
    expect(second.calls()).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(2);
  });

  it('draws a torn or foreign file again and replaces it', () => {
    const dir = freshDir();
    cachedRasteriser(rasterise, dir)(SVG);
    const [file] = readdirSync(dir);
    const whole = rasterise(SVG);
    writeFileSync(join(dir, file!), whole.subarray(0, whole.length - 30));
    const torn = counted();
    expect(cachedRasteriser(torn.raster, dir)(SVG).equals(whole)).toBe(true);
    expect(torn.calls()).toBe(1);
    const after = counted();
    expect(cachedRasteriser(after.raster, dir)(SVG).equals(whole)).toBe(true);
    expect(after.calls()).toBe(0);
  });

  it('still gives the picture when the cache folder cannot be made (a file stands where it should be)', () => {
    const blocker = join(freshDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    const raster = counted();
    const cached = cachedRasteriser(raster.raster, join(blocker, 'pictures'));
    expect(cached(SVG).equals(rasterise(SVG))).toBe(true);
    expect(cached(SVG).equals(rasterise(SVG))).toBe(true);
    expect(raster.calls()).toBe(2);
  });
});
