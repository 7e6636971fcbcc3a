import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMrzFrame, type MrzOcrEngine } from '../src/mrz-ocr/index.js';
import { createNodeMrzOcrEngine, loadGrayImage, scanMrzImages } from '../src/mrz-ocr/node.js';
import { damage, randomTd3, renderPage, seededRandom, toPng } from './support/render-mrz.js';

// one tesseract worker for the file: starting one takes seconds
let engine: MrzOcrEngine;
beforeAll(async () => {
  engine = await createNodeMrzOcrEngine();
}, 120_000);
afterAll(async () => {
  await engine?.terminate();
});

describe('MRZ OCR on rendered passport pages (tesseract, offline)', () => {
  it('reads clean pages exactly', async () => {
    const rng = seededRandom(31);
    for (let i = 0; i < 2; i++) {
      const { fields, lines } = randomTd3(rng);
      // through PNG bytes, as the CLI gets them
      const frame = await loadGrayImage(await renderPage(lines, fields, { seed: i }));
      const read = await readMrzFrame(engine, frame);
      expect(read.code).toBeUndefined();
      expect(read.ok).toBe(true);
      expect(read.lines).toEqual(lines);
      expect(read.band?.lineCount).toBe(2);
    }
  }, 120_000);

  it('reads damaged frames exactly or refuses them, never a wrong reading', async () => {
    const rng = seededRandom(32);
    const levels = [{ blur: 1.5 }, { skew: 4, noise: 10 }, { width: 700, glare: 0.6 }];
    let exact = 0;
    for (const [i, level] of levels.entries()) {
      const { fields, lines } = randomTd3(rng);
      const frame = await damage(await renderPage(lines, fields, { seed: i }), { ...level, seed: i });
      const read = await readMrzFrame(engine, frame);
      if (read.ok && read.uncertain.length === 0) expect(read.lines).toEqual(lines);
      if (read.ok && read.lines!.join() === lines.join()) exact++;
      if (!read.ok) expect(['MRZ_UNREADABLE', 'MRZ_CHECK_DIGIT']).toContain(read.code);
    }
    expect(exact).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it('votes over frames of one document', async () => {
    const { fields, lines } = randomTd3(seededRandom(33));
    const page = await renderPage(lines, fields);
    const frames = await Promise.all([1, 2, 3].map((seed) => damage(page, { blur: 0.7, noise: 5, skew: seed - 2, seed })));
    const { vote, frames: read } = await scanMrzImages(engine, frames);
    // the voter stops at the first frame that settles it, never before the second
    expect(read.length).toBe(vote.done ? vote.frames : frames.length);
    if (vote.done) {
      expect(vote.frames).toBeGreaterThanOrEqual(2);
      expect(vote.lines).toEqual(lines);
    } else {
      expect(vote.message).toMatch(/no confident reading/);
    }
    for (const f of read) if (f.ok && f.uncertain.length === 0) expect(f.lines).toEqual(lines);
  }, 180_000);

  it('says MRZ_NOT_FOUND for a page without one', async () => {
    const { fields } = randomTd3(seededRandom(34));
    const png = await renderPage([], fields);
    const read = await readMrzFrame(engine, await loadGrayImage(png));
    expect(read.ok).toBe(false);
    expect(read.code).toBe('MRZ_NOT_FOUND');
    expect((await toPng(await loadGrayImage(png))).length).toBeGreaterThan(0);
  }, 60_000);
});
