import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGuidanceSettings, faceGuidance, type GuidanceFace } from '../src/face/guidance.js';

/** A face of `fraction` × the shorter side, centred at (cx, cy) in a 640×480 frame. */
function face(fraction: number, cx = 320, cy = 240, extra: Partial<GuidanceFace> = {}): GuidanceFace {
  const w = fraction * 480;
  return { box: [cx - w / 2, cy - w / 2, w, w], frameWidth: 640, frameHeight: 480, ...extra };
}

describe('faceGuidance', () => {
  it('says no-face without a face or with a degenerate box', () => {
    expect(faceGuidance(null)).toBe('no-face');
    expect(faceGuidance({ box: [0, 0, 0, 10], frameWidth: 640, frameHeight: 480 })).toBe('no-face');
    expect(faceGuidance({ box: [Number.NaN, 0, 10, 10], frameWidth: 640, frameHeight: 480 })).toBe('no-face');
    expect(faceGuidance({ box: [0, 0, 10, 10], frameWidth: 0, frameHeight: 480 })).toBe('no-face');
  });

  it('asks a small face to come closer and a large one to move back', () => {
    expect(faceGuidance(face(0.2))).toBe('move-closer');
    expect(faceGuidance(face(0.8))).toBe('move-further');
    expect(faceGuidance(face(0.45))).toBe('ok');
  });

  it('uses the shorter side, so portrait frames work the same', () => {
    const portrait: GuidanceFace = { box: [240 - 108, 320 - 108, 216, 216], frameWidth: 480, frameHeight: 640 };
    expect(faceGuidance(portrait)).toBe('ok');
  });

  it('asks for the centre when the face is off to a side, cut by the edge or turned away', () => {
    expect(faceGuidance(face(0.45, 480, 240))).toBe('centre');
    expect(faceGuidance(face(0.45, 320, 120))).toBe('centre');
    expect(faceGuidance(face(0.45, 320, 240, { yaw: 0.6 }))).toBe('centre');
    expect(faceGuidance(face(0.45, 320, 240, { pitch: -0.5 }))).toBe('centre');
    expect(faceGuidance(face(0.45, 320, 240, { yaw: 0.1, pitch: 0.1 }))).toBe('ok');
  });

  it('asks for more light when the face is too dark to match, before anything else', () => {
    expect(faceGuidance(face(0.45, 320, 240, { brightness: 30 }))).toBe('more-light');
    expect(faceGuidance(face(0.1, 50, 50, { brightness: 30 }))).toBe('more-light');
    expect(faceGuidance(face(0.45, 320, 240, { brightness: 120 }))).toBe('ok');
  });

  it('size comes before position: a tiny face is first asked to come closer', () => {
    expect(faceGuidance(face(0.1, 50, 50))).toBe('move-closer');
  });

  it('is total: any finite box gives one of the five answers, and ok only inside the settings', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true })),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 4000 }),
        ([x, y, w, h], fw, fh) => {
          const g = faceGuidance({ box: [x, y, w, h], frameWidth: fw, frameHeight: fh });
          expect(['no-face', 'move-closer', 'move-further', 'centre', 'ok']).toContain(g);
          if (g === 'ok') {
            const fraction = w / Math.min(fw, fh);
            expect(fraction).toBeGreaterThanOrEqual(defaultGuidanceSettings.minFaceFraction);
            expect(fraction).toBeLessThanOrEqual(defaultGuidanceSettings.maxFaceFraction);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x + w).toBeLessThanOrEqual(fw);
          }
        },
      ),
    );
  });
});
