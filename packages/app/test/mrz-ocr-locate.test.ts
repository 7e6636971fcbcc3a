import { describe, expect, it } from 'vitest';
import { binarize, encodeBmp, estimateSkew, grayImage, locateMrz, resize, rotate, warp } from '../src/mrz-ocr/index.js';
import { damage, randomTd3, renderPage, seededRandom } from './support/render-mrz.js';

describe('MRZ finding', () => {
  it('finds the two MRZ lines at the bottom of a rendered data page', async () => {
    const { fields, lines } = randomTd3(seededRandom(21));
    const frame = await damage(await renderPage(lines, fields), {});
    const band = locateMrz(frame)!;
    expect(band).toBeDefined();
    expect(band.lineCount).toBe(2);
    expect(Math.abs(band.rotation)).toBeLessThan(0.5);
    // the MRZ sits in the bottom fifth of an ID-3 page, below all of the visual zone
    expect(band.rect.y).toBeGreaterThan(frame.height * 0.75);
    expect(band.rect.width).toBeGreaterThan(frame.width * 0.85);
    // Doc 9303: characters about 2.4 mm high on a 125 mm page rendered 1250 px wide
    expect(band.lineHeight).toBeGreaterThan(15);
    expect(band.lineHeight).toBeLessThan(35);
  });

  it('measures and undoes the skew of a rotated, noisy frame', async () => {
    const { fields, lines } = randomTd3(seededRandom(22));
    const page = await renderPage(lines, fields);
    for (const skew of [-8, 5]) {
      const band = locateMrz(await damage(page, { skew, noise: 12, seed: skew + 100 }))!;
      expect(band).toBeDefined();
      expect(band.lineCount).toBe(2);
      expect(Math.abs(band.rotation + skew)).toBeLessThan(0.6);
    }
  });

  it('finds nothing on a page without an MRZ or on a blank frame', async () => {
    const { fields } = randomTd3(seededRandom(23));
    expect(locateMrz(await damage(await renderPage([], fields), {}))).toBeUndefined();
    expect(locateMrz(grayImage(640, 480, 200))).toBeUndefined();
  });

  it('estimates the angle of synthetic ruled lines', () => {
    const img = grayImage(400, 300, 255);
    for (let y = 60; y < 260; y += 30) for (let x = 20; x < 380; x++) if (x % 7 < 5) img.data[y * 400 + x] = 0;
    for (const angle of [-6, 0, 3.5]) {
      const turned = rotate(img, angle);
      const mask = binarize(turned, { radius: 10 });
      expect(Math.abs(estimateSkew(mask, 400, 300) - angle)).toBeLessThan(0.3);
    }
  });

  it('resizes, warps and encodes images consistently', () => {
    const img = grayImage(8, 4, 0);
    img.data.fill(255, 0, 4);
    const half = resize(img, 4, 2);
    // box filter: each output pixel averages a 2×2 block; only the top-left row was white
    expect([...half.data]).toEqual([127, 127, 0, 0, 0, 0, 0, 0]);
    const same = warp(img, 0, { x: 0, y: 0, width: 8, height: 4 }, 8, 4);
    expect([...same.data]).toEqual([...img.data]);
    const bmp = encodeBmp(img);
    expect(String.fromCharCode(bmp[0]!, bmp[1]!)).toBe('BM');
    expect(bmp.length).toBe(54 + 24 * 4);
  });
});
