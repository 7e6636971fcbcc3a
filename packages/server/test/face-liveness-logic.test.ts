/** The challenge and the sequence rules, on synthetic observations (no model): see face-liveness.test.ts for real images. */
import { describe, expect, it } from 'vitest';
import { checkSequence, defaultLivenessSettings, framePose, newLivenessChallenge, type FrameFace } from '../src/proofing/face/liveness.js';
import type { LivenessStep } from '../src/proofing/face/port.js';

function unit(seed: number, n = 64): Float32Array {
  // deterministic pseudo-random unit vector
  let s = seed;
  const v = new Float32Array(n).map(() => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const person = unit(1);
const other = unit(2);

function frame(p: Partial<FrameFace> & { width?: number } = {}): FrameFace {
  const w = p.width ?? 200;
  return { box: [200, 100, w, w], frameWidth: 640, yaw: 0, pitch: 0.1, embedding: person, differenceFromPrevious: 12, ...p };
}

const pose: Record<LivenessStep, Partial<FrameFace> & { width?: number }> = {
  'turn-left': { yaw: -0.35 },
  'turn-right': { yaw: 0.35 },
  'look-up': { pitch: -0.15 },
  'look-down': { pitch: 0.35 },
  closer: { width: 280 },
  further: { width: 140 },
};

function sequence(steps: LivenessStep[]): FrameFace[] {
  const base = frame();
  delete base.differenceFromPrevious;
  return [base, ...steps.flatMap((s) => [frame(pose[s]), frame(pose[s])])];
}

describe('framePose', () => {
  it('reads each step relative to frame 0', () => {
    const base = frame();
    for (const [step, p] of Object.entries(pose)) expect(framePose(frame(p), base, defaultLivenessSettings)).toBe(step);
    expect(framePose(frame({ yaw: 0.1, pitch: 0.15, width: 210 }), base, defaultLivenessSettings)).toBe('neutral');
  });

  it('names a frame by its largest change', () => {
    expect(framePose(frame({ yaw: -0.5, pitch: 0.2 }), frame(), defaultLivenessSettings)).toBe('turn-left');
  });
});

describe('checkSequence', () => {
  it('passes the asked steps in order, with neutral frames between them', () => {
    const steps: LivenessStep[] = ['turn-left', 'closer', 'look-up'];
    const frames = sequence(steps);
    frames.splice(3, 0, frame());
    const r = checkSequence(steps, frames);
    expect(r).toMatchObject({ passed: true });
    expect(r.frontal).toContain(0);
    expect(r.frontal).toContain(3);
  });

  it('refuses the steps in the wrong order, a missing step and an extra step', () => {
    expect(checkSequence(['turn-left', 'turn-right'], sequence(['turn-right', 'turn-left']))).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
    expect(checkSequence(['turn-left', 'turn-right'], sequence(['turn-left', 'turn-left']))).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
    expect(checkSequence(['turn-left', 'turn-right'], sequence(['turn-left', 'closer', 'turn-right']))).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
    expect(checkSequence(['turn-left', 'turn-right'], [frame()])).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
  });

  it('refuses no movement at all', () => {
    expect(checkSequence(['closer', 'further'], [frame(), frame(), frame(), frame()])).toMatchObject({ passed: false, code: 'LIVENESS_WRONG_SEQUENCE' });
  });

  it('refuses two consecutive identical frames as a still', () => {
    const frames = sequence(['turn-left', 'turn-right']);
    frames[2] = { ...frames[2]!, differenceFromPrevious: 0 };
    expect(checkSequence(['turn-left', 'turn-right'], frames)).toMatchObject({ passed: false, code: 'LIVENESS_STATIC' });
  });

  it('refuses a different person in any frame', () => {
    const frames = sequence(['turn-left', 'turn-right']);
    frames[3] = { ...frames[3]!, embedding: other };
    expect(checkSequence(['turn-left', 'turn-right'], frames)).toMatchObject({ passed: false, code: 'LIVENESS_PERSON_CHANGED' });
  });
});

describe('newLivenessChallenge', () => {
  let counter = 0;
  const rng = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => (counter = (counter * 73 + 41) % 257) % 256);

  it('has a 16-byte base64url nonce, 2–3 distinct steps and the issue time', () => {
    const c = newLivenessChallenge(rng, new Date('2026-01-02T03:04:05Z'));
    expect(c.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(c.nonce, 'base64url')).toHaveLength(16);
    expect(c.steps.length).toBeGreaterThanOrEqual(2);
    expect(c.steps.length).toBeLessThanOrEqual(3);
    expect(new Set(c.steps).size).toBe(c.steps.length);
    expect(c.issuedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('draws every step, in every position, from a CSPRNG', () => {
    const firsts = new Map<string, number>();
    const lengths = new Set<number>();
    const nonces = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const c = newLivenessChallenge((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)), new Date(0));
      firsts.set(c.steps[0]!, (firsts.get(c.steps[0]!) ?? 0) + 1);
      lengths.add(c.steps.length);
      nonces.add(c.nonce);
    }
    expect(nonces.size).toBe(600);
    expect([...lengths].sort()).toEqual([2, 3]);
    expect(firsts.size).toBe(6);
    // each of 6 first steps expected 100 times; 40 is > 6 standard deviations below
    for (const n of firsts.values()) expect(n).toBeGreaterThan(40);
  });
});
