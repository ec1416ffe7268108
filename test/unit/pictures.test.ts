// The stretch pictures (issue 12): one per stretch, real PNGs of the agreed size and weight, not
// blank, unlike one another, with the working side and the stretched area drawn, and alt text.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadKnowledgeBase } from '../../src/content/index.ts';
import { KnowledgeError } from '../../src/content/load.ts';
import { loadPoses, posesProblems, type Pose } from '../../src/content/poses.ts';
import { poseSvg } from '../../src/render/pictures/generator.ts';
import { ALT_MAX, PICTURE_SIZE, pictureAlt, rasterise, renderStretchPictures, stretchPictures } from '../../src/render/pictures/render.ts';
import { COLOR } from '../../src/render/pictures/style.ts';

const { knowledge } = loadKnowledgeBase();
const poses = loadPoses(DATA_DIR, knowledge);
const pictures = renderStretchPictures(knowledge, poses);
const { width: W, height: H } = PICTURE_SIZE;

/** The RGBA pixels of a PNG, decoded by resvg from an <image>, at its size or scaled, over a background. */
function decode(png: Buffer, width: number = W, height: number = H, background = 'none'): Buffer {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>` +
    `<image width="${width}" height="${height}" preserveAspectRatio="none" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

const luminance = (px: Buffer, i: number) => 0.2126 * (px[i] ?? 0) + 0.7152 * (px[i + 1] ?? 0) + 0.0722 * (px[i + 2] ?? 0);

/** Luminance variance inside the card, away from its rounded, see-through corners. */
function innerVariance(png: Buffer): number {
  const px = decode(png);
  const values: number[] = [];
  for (let y = 40; y < H - 40; y += 2) for (let x = 40; x < W - 40; x += 2) values.push(luminance(px, (y * W + x) * 4));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
}

const decoded = new Map<Buffer, Buffer>();
function countPixels(png: Buffer, match: (r: number, g: number, b: number) => boolean): number {
  const px = decoded.get(png) ?? decode(png);
  decoded.set(png, px);
  let count = 0;
  for (let i = 0; i < px.length; i += 4) if (match(px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0)) count++;
  return count;
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
const near = (c: string, tolerance: number) => {
  const [R, G, B] = hex(c);
  return (r: number, g: number, b: number) => Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) <= tolerance;
};

describe('data/poses.json', () => {
  it('validates, and draws each stretch exactly once', () => {
    expect(poses.map((p) => p.stretch).sort()).toEqual(knowledge.stretches.map((s) => s.id).sort());
    for (const p of poses) expect(knowledge.stretchById.has(p.stretch), p.stretch).toBe(true);
  });

  it('rejects an unknown stretch, a missing one, one drawn twice, a bone that changes and a bone no adult has', () => {
    const copy = structuredClone(poses) as Pose[];
    const [first, second] = copy;
    if (!first || !second) throw new Error('need two poses');
    first.stretch = 'no-such-stretch';
    second.frames[0]!.leftKnee = [second.frames[0]!.leftKnee[0] + 30, second.frames[0]!.leftKnee[1], second.frames[0]!.leftKnee[2]];
    const moving = copy.find((p) => p.frames.length === 2)!;
    moving.frames[1]!.rightHand = [moving.frames[1]!.rightHand[0] + 9, moving.frames[1]!.rightHand[1] + 9, moving.frames[1]!.rightHand[2]];
    copy.push(structuredClone(copy[2]!));
    const text = posesProblems(copy, knowledge).join('\n');
    expect(text).toMatch(/unknown stretch "no-such-stretch"/);
    expect(text).toMatch(new RegExp(`no picture for stretch "${poses[0]!.stretch}"`));
    expect(text).toMatch(new RegExp(`draws stretch "${copy[2]!.stretch}" twice`));
    expect(text).toMatch(new RegExp(`${second.stretch} pose 1 has leftHip–leftKnee \\d+ cm long`));
    expect(text).toMatch(new RegExp(`${moving.stretch} rightElbow–rightHand is \\d+ cm at the start and \\d+ cm at the end`));
  });

  it('loadPoses reports a broken file as a knowledge problem', () => {
    expect(() => loadPoses('/nonexistent', knowledge)).toThrow(KnowledgeError);
  });
});

describe('stretch pictures', () => {
  it('every stretch has a picture named after it', () => {
    expect([...pictures.keys()].sort()).toEqual(knowledge.stretches.map((s) => s.id).sort());
    for (const [id, p] of pictures) expect(p.fileName).toBe(`${id}.png`);
  });

  it('each is a PNG of 800×450 and at most 200 KB', () => {
    for (const [id, { png }] of pictures) {
      expect(png.subarray(0, 8).toString('hex'), id).toBe('89504e470d0a1a0a');
      expect(png.subarray(12, 16).toString('latin1'), id).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], id).toEqual([W, H]);
      expect(png.length, id).toBeLessThanOrEqual(200 * 1024);
    }
  });

  it('none is blank (a card with nothing on it would be)', () => {
    const floor = 400;
    const blank = rasterise(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" rx="28" fill="${COLOR.card}"/></svg>`);
    expect(innerVariance(blank)).toBeLessThan(floor);
    for (const [id, { png }] of pictures) expect(innerVariance(png), id).toBeGreaterThan(floor);
  });

  it('each shows its working limbs in the accent colour and the stretched area glowing', () => {
    const accent = (r: number, g: number, b: number) => near(COLOR.accentNear, 40)(r, g, b) || near(COLOR.accentFar, 40)(r, g, b);
    // The glow is red over the card or a limb: red well above green, and blue above green (unlike orange).
    const glow = (r: number, g: number, b: number) => r > 170 && r - g > 70 && b > g;
    for (const pose of poses) {
      const { png } = pictures.get(pose.stretch)!;
      if (pose.accent.length > 0) expect(countPixels(png, accent), `${pose.stretch} accent`).toBeGreaterThan(800);
      else expect(countPixels(png, accent), `${pose.stretch} accent`).toBeLessThan(50);
      expect(countPixels(png, glow), `${pose.stretch} glow`).toBeGreaterThan(150);
    }
  });

  it('no two are alike', () => {
    const small = new Map([...pictures].map(([id, p]) => [id, decode(p.png, 80, 45, COLOR.card)]));
    const ids = [...small.keys()];
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) {
        const pa = small.get(a)!;
        const pb = small.get(b)!;
        let diff = 0;
        for (let k = 0; k < pa.length; k += 4) diff += Math.abs(luminance(pa, k) - luminance(pb, k));
        expect(diff / (80 * 45), `${a} vs ${b}`).toBeGreaterThan(6);
      }
    }
  });

  it('look the same on Discord’s dark and light themes, the card standing out on both', () => {
    for (const [id, { png }] of pictures) {
      const dark = decode(png, W, H, '#313338');
      const light = decode(png, W, H, '#ffffff');
      // Inside the card nothing shows through.
      expect(dark.subarray(40 * W * 4, (H - 40) * W * 4).equals(light.subarray(40 * W * 4, (H - 40) * W * 4)), id).toBe(true);
      // The card's top edge differs from both backgrounds.
      const edge = (1 * W + W / 2) * 4;
      expect(Math.abs(luminance(dark, edge) - luminance(hexPixel('#313338'), 0)), id).toBeGreaterThan(60);
      expect(Math.abs(luminance(light, edge) - 255), id).toBeGreaterThan(12);
    }
  });

  it('each has alt text within Discord’s 1024 characters, naming the stretch', () => {
    for (const s of knowledge.stretches) {
      const alt = pictures.get(s.id)?.alt ?? '';
      expect(alt.startsWith(`${s.name}. `), s.id).toBe(true);
      expect(alt.length, s.id).toBeGreaterThan(s.name.length + 40);
      expect(alt.length, s.id).toBeLessThanOrEqual(ALT_MAX);
      for (const c of knowledge.rejectedClaims) for (const p of c.patterns) expect(alt, `${s.id} vs ${c.id}`).not.toMatch(new RegExp(p, 'i'));
    }
    const long = pictureAlt({ name: 'Long' }, { alt: 'word '.repeat(400) });
    expect(long.length).toBeLessThanOrEqual(ALT_MAX);
    expect(long.endsWith('…')).toBe(true);
  });

  it('has no text baked in, and the same pose always draws the same SVG', () => {
    for (const pose of poses) {
      const svg = poseSvg(pose);
      expect(svg, pose.stretch).not.toMatch(/<text/);
      expect(poseSvg(structuredClone(pose)), pose.stretch).toBe(svg);
    }
  });

  it('are rendered once per knowledge base and then reused', () => {
    const first = stretchPictures(knowledge);
    expect(stretchPictures(knowledge)).toBe(first);
    expect(first.size).toBe(knowledge.stretches.length);
  });
});

function hexPixel(c: string): Buffer {
  return Buffer.from([...hex(c), 255]);
}
